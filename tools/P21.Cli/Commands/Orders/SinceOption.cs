using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace P21.Cli.Commands.Orders;

/// <summary>A <c>--since</c> value: an instant, or a span back from the moment the command runs.</summary>
/// <param name="Instant">The instant given (a date alone is 00:00 UTC), or null for a span.</param>
/// <param name="Ago">The span back from now, or null for an instant.</param>
internal sealed record SinceValue(DateTimeOffset? Instant, TimeSpan? Ago)
{
    /// <summary>The instant this value names when the command runs at <paramref name="now"/>.</summary>
    public DateTimeOffset Resolve(DateTimeOffset now) => Instant ?? now - Ago!.Value;
}

/// <summary>Parses <c>--since</c>: an ISO 8601 date or instant, or a duration such as <c>7d</c>, <c>24h</c> or <c>90m</c>.</summary>
internal static partial class SinceOption
{
    public const string Forms = "an ISO 8601 date or instant (2026-03-01, 2026-03-01T08:00:00Z; UTC unless it names an offset) or a duration back from now (7d, 24h, 90m)";

    public static SinceValue? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
        if (TryParse(token, out SinceValue? value))
        {
            return value;
        }

        result.AddError($"--since '{token}' is not a date or a duration — give {Forms}");
        return null;
    }

    public static bool TryParse(string text, out SinceValue? value)
    {
        value = null;
        Match duration = Duration().Match(text);
        if (duration.Success)
        {
            // Days, hours and minutes cover how far back an operator looks; weeks and months are days they can count.
            if (!int.TryParse(duration.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int amount))
            {
                return false;
            }

            TimeSpan ago = char.ToLowerInvariant(duration.Groups[2].Value[0]) switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromMinutes(amount),
            };
            value = new SinceValue(null, ago);
            return true;
        }

        // ISO forms only: a culture's "03/01/2026" is ambiguous, and a pipeline must read the same everywhere.
        if (IsoStart().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
        {
            value = new SinceValue(instant, null);
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(\d{1,6})\s*([dhm])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:$|T)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoStart();
}
