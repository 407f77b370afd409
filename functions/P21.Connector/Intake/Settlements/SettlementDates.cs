using System.Globalization;

namespace P21.Connector.Intake.Settlements;

/// <summary>
/// The date shapes seen in V2 settlement files: ISO 8601 with offset (the documented form), US downloads
/// (<c>2026-11-02 07:41:13 UTC</c>) and EU downloads (<c>02.11.2026 07:41:13 UTC</c>), each also date-only.
/// </summary>
internal static class SettlementDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss 'UTC'",
        "dd.MM.yyyy HH:mm:ss 'UTC'",
        "yyyy-MM-dd",
        "dd.MM.yyyy",
    ];

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture, Utc, out value))
        {
            return true;
        }

        // ISO 8601 needs a 'T' so "02.11.2026" is never read month-first by the general parser.
        return trimmed.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, Utc, out value);
    }
}
