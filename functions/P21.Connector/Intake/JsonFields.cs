using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace P21.Connector.Intake;

/// <summary>
/// Typed, defensive reads of fields of a JSON object: a missing, null or mistyped field adds an error naming its
/// path instead of throwing, so one pass reports every problem of a payload.
/// </summary>
internal sealed partial class JsonFields(FieldErrors errors)
{
    public FieldErrors Errors { get; } = errors;

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The member <paramref name="name"/> of <paramref name="obj"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Member(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public bool RootObject(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Errors.Add("body", $"must be a JSON object, not {Describe(root.ValueKind)}.");
        return false;
    }

    public JsonElement? Object(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        var value = Member(obj, name);
        if (value is null)
        {
            if (required)
            {
                Errors.Add(fieldPath, "is required.");
            }

            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(fieldPath, $"must be an object, not {Describe(value.Value.ValueKind)}.");
            return null;
        }

        return value;
    }

    public IReadOnlyList<JsonElement> Array(JsonElement obj, string name, string path, bool required, bool nonEmpty = false)
    {
        var fieldPath = Join(path, name);
        var value = Member(obj, name);
        if (value is null)
        {
            if (required)
            {
                Errors.Add(fieldPath, "is required.");
            }

            return [];
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(fieldPath, $"must be an array, not {Describe(value.Value.ValueKind)}.");
            return [];
        }

        var items = value.Value.EnumerateArray().ToList();
        if (nonEmpty && items.Count == 0)
        {
            Errors.Add(fieldPath, "must hold at least one item.");
        }

        return items;
    }

    /// <summary>A string field; a JSON number is accepted as its literal text (platform ids are often numbers).</summary>
    /// <summary>Each object element of <paramref name="items"/> with its field path; any other element is an error at its path.</summary>
    public IEnumerable<(string Path, JsonElement Item)> Objects(IReadOnlyList<JsonElement> items, string arrayPath)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var path = Index(arrayPath, i);
            if (items[i].ValueKind != JsonValueKind.Object)
            {
                Errors.Add(path, "must be an object.");
                continue;
            }

            yield return (path, items[i]);
        }
    }

    public string? String(JsonElement obj, string name, string path, bool required, int maxLength = 1000)
    {
        var fieldPath = Join(path, name);
        var value = Member(obj, name);
        string? text = value?.ValueKind switch
        {
            null => null,
            JsonValueKind.String => value.Value.GetString(),
            JsonValueKind.Number => value.Value.GetRawText(),
            _ => Mistyped(fieldPath, "a string", value.Value.ValueKind),
        };

        if (text is not null && text.Length > maxLength)
        {
            Errors.Add(fieldPath, $"must be at most {maxLength} characters.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            if (required && (value is null || value.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number))
            {
                Errors.Add(fieldPath, value is null ? "is required." : "must not be empty.");
            }

            return null;
        }

        return text.Trim();
    }

    /// <summary>A decimal field given as a JSON number or a numeric string (Shopify and WooCommerce send money as strings).</summary>
    public decimal? Decimal(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        var value = Member(obj, name);
        if (value is null)
        {
            if (required)
            {
                Errors.Add(fieldPath, "is required.");
            }

            return null;
        }

        switch (value.Value.ValueKind)
        {
            case JsonValueKind.Number when value.Value.TryGetDecimal(out var number):
                return number;
            case JsonValueKind.String when TryParseDecimal(value.Value.GetString(), out var parsed):
                return parsed;
            case JsonValueKind.String when required || !string.IsNullOrWhiteSpace(value.Value.GetString()):
                Errors.Add(fieldPath, $"must be a decimal number with '.' as separator, not '{Clip(value.Value.GetString())}'.");
                return null;
            case JsonValueKind.String:
                return null;
            case JsonValueKind.Number:
                Errors.Add(fieldPath, "is out of range for a decimal.");
                return null;
            default:
                Mistyped(fieldPath, "a number", value.Value.ValueKind);
                return null;
        }
    }

    /// <summary>A quantity: a decimal greater than zero.</summary>
    public decimal? Quantity(JsonElement obj, string name, string path)
    {
        var quantity = Decimal(obj, name, path, required: true);
        if (quantity is <= 0)
        {
            Errors.Add(Join(path, name), "must be greater than 0.");
            return null;
        }

        return quantity;
    }

    /// <summary>
    /// A line quantity that may be zero (a line cancelled or removed on the platform: the writer skips it); a negative
    /// quantity is malformed.
    /// </summary>
    public decimal? LineQuantity(JsonElement obj, string name, string path)
    {
        var quantity = Decimal(obj, name, path, required: true);
        if (quantity is < 0)
        {
            Errors.Add(Join(path, name), "must not be negative.");
            return null;
        }

        return quantity;
    }

    /// <summary>A line's SKU, or empty when the platform sent none (a custom line): the writer parks it naming the line.</summary>
    public string Sku(JsonElement obj, string name, string path) => String(obj, name, path, required: false, maxLength: 100) ?? "";

    /// <summary>The sum of <paramref name="amountName"/> over the objects of array <paramref name="arrayName"/>; null when the array is absent.</summary>
    public decimal? SumOf(JsonElement obj, string arrayName, string amountName, string path)
    {
        if (Member(obj, arrayName) is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }

        decimal sum = 0;
        var arrayPath = Join(path, arrayName);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                sum += Decimal(item, amountName, Index(arrayPath, i), required: false) ?? 0m;
            }

            i++;
        }

        return sum;
    }

    /// <summary>A boolean field; absent or null is <paramref name="fallback"/>.</summary>
    public bool Boolean(JsonElement obj, string name, string path, bool fallback = false)
    {
        var value = Member(obj, name);
        switch (value?.ValueKind)
        {
            case null:
                return fallback;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Mistyped(Join(path, name), "a boolean", value.Value.ValueKind);
                return fallback;
        }
    }

    /// <summary>A date-time (ISO 8601 or RFC 1123 with a numeric offset); a value without an offset is taken as UTC.</summary>
    public DateTimeOffset? Date(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        var text = String(obj, name, path, required);
        if (text is null)
        {
            return null;
        }

        if (TryParseDate(text, out var date))
        {
            return date;
        }

        Errors.Add(fieldPath, $"must be an ISO 8601 date-time, not '{Clip(text)}'.");
        return null;
    }

    public static bool TryParseDecimal(string? text, out decimal value) =>
        decimal.TryParse(
            text?.Trim(),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture,
            out value);

    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        var normalized = CompactOffset().Replace(text.Trim(), "$1:$2");
        return DateTimeOffset.TryParse(
            normalized,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out value);
    }

    public static string Clip(string? text) =>
        text is null ? "" : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private string? Mistyped(string fieldPath, string expected, JsonValueKind actual)
    {
        Errors.Add(fieldPath, $"must be {expected}, not {Describe(actual)}.");
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // RFC 1123 dates from BigCommerce end in "+0000"; .NET parses only "+00:00".
    [GeneratedRegex(@"([+-]\d{2})(\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CompactOffset();
}
