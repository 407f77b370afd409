using System.Globalization;
using System.Text.Json;

using P21.Connector.Client.Models;

namespace P21.Connector.Poll;

/// <summary>
/// The few ways entity mappings read a <see cref="P21Row"/>, tolerant of absent columns and normalised so the canonical
/// JSON (and so the fingerprint) does not depend on how P21 happened to format a value: trailing decimal zeros, decimal
/// ids (<c>10.0</c>), char-column padding.
/// </summary>
internal static class P21RowReading
{
    /// <summary>A text column, trimmed (P21 pads char columns); null when absent, null or blank.</summary>
    public static string? Text(this P21Row row, string column) =>
        row.TryGetString(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>An id that P21 may store as a decimal (<c>customer_id</c>): written without a fraction, or as text.</summary>
    public static string? Id(this P21Row row, string column)
    {
        if (row.TryGetProperty(column, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number))
        {
            return Normalise(number).ToString(CultureInfo.InvariantCulture);
        }

        return row.Text(column);
    }

    /// <summary>A decimal column with trailing zeros removed (10.50 and 10.5 fingerprint alike).</summary>
    public static decimal? Number(this P21Row row, string column) => row.TryGetDecimal(column, out var d) ? Normalise(d) : null;

    /// <summary>A quantity column, zero when absent.</summary>
    public static decimal Quantity(this P21Row row, string column) => row.Number(column) ?? 0m;

    /// <summary>An integer column (fraction dropped).</summary>
    public static long? Whole(this P21Row row, string column) => row.TryGetDecimal(column, out var d) ? (long)decimal.Truncate(d) : null;

    /// <summary>A P21 'Y'/'N' flag (or JSON boolean); null when absent.</summary>
    public static bool? Flag(this P21Row row, string column) => row.TryGetBoolean(column, out var value) ? value : null;

    /// <summary>The server-local calendar date of a datetime column (a business date: no UTC shift).</summary>
    public static DateOnly? Date(this P21Row row, string column) =>
        row.TryGetDateTimeOffset(column, out var value) ? DateOnly.FromDateTime(value.ToOffset(row.ServerUtcOffset).DateTime) : null;

    /// <summary>The row's <c>date_last_modified</c> as UTC, or null.</summary>
    public static DateTimeOffset? ModifiedUtc(this P21Row row) =>
        row.TryGetDateTimeOffset("date_last_modified", out var value) ? value.ToUniversalTime() : null;

    /// <summary>True when the row is soft-deleted: <c>delete_flag</c> = 'Y' or <c>row_status_flag</c> = 700.</summary>
    public static bool IsSoftDeleted(this P21Row row) =>
        row.Flag("delete_flag") == true || row.Whole("row_status_flag") == 700;

    /// <summary>Removes trailing zeros from the scale of a decimal.</summary>
    public static decimal Normalise(decimal value) => value / 1.0000000000000000000000000000m;
}
