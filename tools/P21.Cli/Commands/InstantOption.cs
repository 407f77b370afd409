using System.CommandLine.Parsing;

using P21.Cli.Commands.Orders;

namespace P21.Cli.Commands;

/// <summary>
/// Parses an option that names an instant (<c>backfill --from</c>, <c>sync --since</c>) with a message that says what
/// is accepted; the default parser's message names a .NET type, which tells an operator nothing.
/// </summary>
internal static class InstantOption
{
    public const string Forms = "an ISO 8601 date or instant, e.g. 2026-03-01 or 2026-03-01T08:00:00Z (UTC unless it names an offset)";

    /// <summary>A custom parser for the option named <paramref name="name"/>.</summary>
    public static Func<ArgumentResult, DateTimeOffset?> For(string name) => result =>
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
        if (SinceOption.TryParse(token, out SinceValue? value) && value!.Instant is { } instant)
        {
            return instant;
        }

        result.AddError($"{name} '{token}' is not a date — give {Forms}");
        return null;
    };
}
