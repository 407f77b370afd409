using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace P21.Connector.Client.Models;

/// <summary>
/// One row read from P21 OData: a read-only view over a JSON object with typed accessors.
/// </summary>
/// <remarks>
/// Getters throw <see cref="KeyNotFoundException"/> for a column the row does not have and
/// <see cref="FormatException"/> for a value of the wrong shape; the <c>TryGet…</c> forms return false instead
/// (also for JSON null). Timestamps without an offset are read as server-local time.
/// </remarks>
public sealed class P21Row
{
    /// <summary>Wraps <paramref name="element"/> (cloned, so it outlives its document).</summary>
    /// <param name="element">A JSON object.</param>
    /// <param name="serverUtcOffset">The P21 server's UTC offset, applied to timestamps that carry none.</param>
    public P21Row(JsonElement element, TimeSpan serverUtcOffset = default)
        : this(element, serverUtcOffset, clone: true)
    {
    }

    private P21Row(JsonElement element, TimeSpan serverUtcOffset, bool clone)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A P21 row must be a JSON object, not {element.ValueKind}.", nameof(element));
        }

        Element = clone ? element.Clone() : element;
        ServerUtcOffset = serverUtcOffset;
    }

    /// <summary>
    /// Wraps an element that already owns its memory (from <see cref="JsonElement.ParseValue"/>, never disposed), so
    /// there is nothing to clone.
    /// </summary>
    internal static P21Row OfPage(JsonElement element, TimeSpan serverUtcOffset) => new(element, serverUtcOffset, clone: false);

    /// <summary>The row's JSON.</summary>
    public JsonElement Element { get; }

    /// <summary>The server offset used for timestamps without one.</summary>
    public TimeSpan ServerUtcOffset { get; }

    /// <summary>The column names, in the order P21 sent them (OData annotations excluded).</summary>
    public IEnumerable<string> Columns =>
        Element.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@'));

    /// <summary>True when the row has <paramref name="column"/> (even if null).</summary>
    public bool Contains(string column) => TryGetProperty(column, out _);

    /// <summary>The raw JSON of a column.</summary>
    public JsonElement this[string column] => Require(column);

    /// <summary>The column as a string (numbers as their JSON text); null for JSON null.</summary>
    public string? GetString(string column)
    {
        JsonElement value = Require(column);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
    }

    /// <summary>Tries to read a non-null column as a string.</summary>
    public bool TryGetString(string column, out string? value)
    {
        value = TryGetProperty(column, out JsonElement e) && e.ValueKind != JsonValueKind.Null
            ? (e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())
            : null;
        return value is not null;
    }

    /// <summary>The column as a decimal (JSON number or numeric string).</summary>
    public decimal GetDecimal(string column) =>
        TryReadDecimal(Require(column), out decimal value) ? value : throw WrongShape(column, "a decimal");

    /// <summary>Tries to read a column as a decimal.</summary>
    public bool TryGetDecimal(string column, out decimal value)
    {
        value = default;
        return TryGetProperty(column, out JsonElement e) && TryReadDecimal(e, out value);
    }

    /// <summary>The column as a 64-bit integer (JSON number or numeric string; P21 sends many ids as decimals like <c>10.0</c>).</summary>
    public long GetInt64(string column) =>
        TryReadInt64(Require(column), out long value) ? value : throw WrongShape(column, "an integer");

    /// <summary>Tries to read a column as a 64-bit integer.</summary>
    public bool TryGetInt64(string column, out long value)
    {
        value = default;
        return TryGetProperty(column, out JsonElement e) && TryReadInt64(e, out value);
    }

    /// <summary>The column as a boolean: JSON true/false, or P21's <c>Y</c>/<c>N</c> flags (case-insensitive).</summary>
    public bool GetBoolean(string column) =>
        TryReadBoolean(Require(column), out bool value) ? value : throw WrongShape(column, "a boolean or Y/N flag");

    /// <summary>Tries to read a column as a boolean or Y/N flag.</summary>
    public bool TryGetBoolean(string column, out bool value)
    {
        value = default;
        return TryGetProperty(column, out JsonElement e) && TryReadBoolean(e, out value);
    }

    /// <summary>The column as a timestamp; a value without an offset is server-local (<see cref="ServerUtcOffset"/>).</summary>
    public DateTimeOffset GetDateTimeOffset(string column) =>
        TryReadDateTimeOffset(Require(column), ServerUtcOffset, out DateTimeOffset value)
            ? value
            : throw WrongShape(column, "a timestamp");

    /// <summary>Tries to read a column as a timestamp.</summary>
    public bool TryGetDateTimeOffset(string column, out DateTimeOffset value)
    {
        value = default;
        return TryGetProperty(column, out JsonElement e) && TryReadDateTimeOffset(e, ServerUtcOffset, out value);
    }

    /// <summary>Finds a column by exact name first, then case-insensitively (P21 column case varies between surfaces).</summary>
    public bool TryGetProperty(string column, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (Element.TryGetProperty(column, out value))
        {
            return true;
        }

        // Absent columns are asked for on every row (row_status_flag on tables without one), so the case-insensitive
        // pass compares raw UTF-8 names and allocates no strings unless a name is escaped or not ASCII.
        bool asciiColumn = Ascii.IsValid(column);
        foreach (JsonProperty property in Element.EnumerateObject())
        {
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
            bool match = asciiColumn && raw.IndexOf((byte)'\\') < 0 && Ascii.IsValid(raw)
                ? Ascii.EqualsIgnoreCase(raw, column)
                : string.Equals(property.Name, column, StringComparison.OrdinalIgnoreCase);
            if (match)
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Element.GetRawText();

    internal static bool TryReadDateTimeOffset(JsonElement e, TimeSpan serverUtcOffset, out DateTimeOffset value)
    {
        value = default;
        if (e.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        string text = e.GetString()!;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed))
        {
            return false;
        }

        value = parsed.Kind switch
        {
            DateTimeKind.Unspecified => new DateTimeOffset(parsed, serverUtcOffset),
            // "Z" or an explicit offset: keep the instant, shown at the offset the text carried.
            _ => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        };
        return true;
    }

    private static bool TryReadDecimal(JsonElement e, out decimal value)
    {
        value = default;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDecimal(out value),
            JsonValueKind.String => decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static bool TryReadInt64(JsonElement e, out long value)
    {
        value = default;
        if (!TryReadDecimal(e, out decimal d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
        {
            return false;
        }

        value = (long)d;
        return true;
    }

    private static bool TryReadBoolean(JsonElement e, out bool value)
    {
        value = default;
        switch (e.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                return true;
            case JsonValueKind.String:
                string? text = e.GetString();
                if (string.Equals(text, "Y", StringComparison.OrdinalIgnoreCase))
                {
                    value = true;
                    return true;
                }

                return string.Equals(text, "N", StringComparison.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    private JsonElement Require(string column)
    {
        return TryGetProperty(column, out JsonElement value)
            ? value
            : throw new KeyNotFoundException($"Column '{column}' is not in this row; probe the table with $top=1 to see its columns.");
    }

    private FormatException WrongShape(string column, string expected)
    {
        JsonElement value = Require(column);
        return new FormatException($"Column '{column}' is {value.ValueKind}, not {expected}.");
    }
}
