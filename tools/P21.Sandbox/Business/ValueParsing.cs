using System.Globalization;

namespace P21.Sandbox.Business;

/// <summary>Parses window values (always strings) the way P21 fields accept them.</summary>
internal static class ValueParsing
{
    public static decimal? Decimal(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : throw new BusinessRuleException($"Invalid value '{text}' for {what}.");
    }

    public static DateTime? Date(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return SandboxClock.TryParseDate(text, out DateTime value) ? value.Date : throw new BusinessRuleException($"Invalid date '{text}' for {what}.");
    }

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    public static decimal Number(object? value) => value is null ? 0m : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
