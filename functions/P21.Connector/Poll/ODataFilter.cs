using System.Globalization;
using System.Text;

namespace P21.Connector.Poll;

/// <summary>
/// Builds the <c>$filter</c> clauses the poller needs. P21 silently ignores <c>in</c> (HTTP 200 with the whole table),
/// so key sets become <c>or</c>-chains, in batches small enough for a URL (about 50 values).
/// </summary>
public static class ODataFilter
{
    /// <summary>Values per <c>or</c>-chain; P21 community practice is about 50.</summary>
    public const int BatchSize = 50;

    /// <summary>Formats a literal: numbers unquoted (P21 answers 404 to a quoted decimal id), text quoted with '' escapes.</summary>
    public static string Literal(string value, bool numeric)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (numeric)
        {
            // A non-number here would be an injection or a data defect; refuse rather than send it.
            if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"'{value}' is not a number, so it cannot be a numeric OData key.");
            }

            return number.ToString(CultureInfo.InvariantCulture);
        }

        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary><c>(column eq v1 or column eq v2 …)</c> for one batch.</summary>
    public static string AnyOf(string column, IEnumerable<string> values, bool numeric)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder("(");
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                builder.Append(" or ");
            }

            builder.Append(column).Append(" eq ").Append(Literal(value, numeric));
            first = false;
        }

        if (first)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        return builder.Append(')').ToString();
    }

    /// <summary>Joins clauses with <c>and</c>, skipping null ones.</summary>
    public static string? And(params string?[] clauses)
    {
        var present = clauses.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => string.Join(" and ", present),
        };
    }
}
