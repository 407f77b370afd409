using System.Globalization;
using System.Text.Json;

namespace P21.Connector.Client.Models;

/// <summary>Writes OData v4 literals the way P21 expects them in <c>$filter</c>.</summary>
public static class ODataLiterals
{
    /// <summary>A string literal: single-quoted, with embedded quotes doubled (<c>O'Neil</c> → <c>'O''Neil'</c>).</summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A number literal, unquoted (many P21 <c>*_id</c> columns are Edm.Decimal; quoting them is a 404).</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number literal, unquoted.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A datetime literal in the server's local time: the server-local digits plus the server's offset, e.g.
    /// <c>2021-04-26T13:09:15.507-04:00</c>, the form P21's v4 surface itself returns.
    /// </summary>
    public static string DateTime(DateTimeOffset value, TimeSpan serverUtcOffset)
    {
        DateTimeOffset local = value.ToOffset(serverUtcOffset);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The literal for a JSON value read from a P21 row: strings quoted, numbers and booleans as-is, null as <c>null</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is an object or array.</exception>
    public static string FromJson(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.String => String(value.GetString()!),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => throw new ArgumentException($"A {value.ValueKind} cannot be a key value; key columns must be scalars.", nameof(value)),
        };
    }
}
