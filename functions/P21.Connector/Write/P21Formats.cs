using System.Globalization;

namespace P21.Connector.Write;

/// <summary>How values are written into Transaction API edits (always strings).</summary>
internal static class P21Formats
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>P21 text columns are short; a longer platform value would be refused (or silently dropped on updates).</summary>
    public static string? Truncate(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}
