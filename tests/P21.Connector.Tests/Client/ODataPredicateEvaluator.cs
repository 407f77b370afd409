using System.Globalization;

namespace P21.Connector.Tests.Client;

/// <summary>
/// Evaluates the subset of OData <c>$filter</c> the keyset predicate uses (<c>or</c>, <c>and</c>, <c>gt</c>,
/// <c>ge</c>, <c>eq</c>, parentheses; number, string and datetime literals) against an in-memory row, the way a
/// SQL-backed OData service would: numbers numerically, strings under the given collation (ordinal unless told;
/// P21's SQL Server usually ignores case), datetimes as instants.
/// </summary>
internal sealed class ODataPredicateEvaluator
{
    private readonly List<string> _tokens;
    private readonly StringComparer _collation;
    private int _position;

    private ODataPredicateEvaluator(string filter, StringComparer collation)
    {
        _tokens = Tokenize(filter);
        _collation = collation;
    }

    public static bool Evaluate(string filter, IReadOnlyDictionary<string, object> row, StringComparer? collation = null)
    {
        var evaluator = new ODataPredicateEvaluator(filter, collation ?? StringComparer.Ordinal);
        Func<IReadOnlyDictionary<string, object>, bool> predicate = evaluator.ParseOr();
        if (evaluator._position != evaluator._tokens.Count)
        {
            throw new FormatException($"Trailing tokens in filter: {filter}");
        }

        return predicate(row);
    }

    private Func<IReadOnlyDictionary<string, object>, bool> ParseOr()
    {
        Func<IReadOnlyDictionary<string, object>, bool> left = ParseAnd();
        while (Peek() == "or")
        {
            _position++;
            Func<IReadOnlyDictionary<string, object>, bool> l = left, r = ParseAnd();
            left = row => l(row) || r(row);
        }

        return left;
    }

    private Func<IReadOnlyDictionary<string, object>, bool> ParseAnd()
    {
        Func<IReadOnlyDictionary<string, object>, bool> left = ParsePrimary();
        while (Peek() == "and")
        {
            _position++;
            Func<IReadOnlyDictionary<string, object>, bool> l = left, r = ParsePrimary();
            left = row => l(row) && r(row);
        }

        return left;
    }

    private Func<IReadOnlyDictionary<string, object>, bool> ParsePrimary()
    {
        if (Peek() == "(")
        {
            _position++;
            Func<IReadOnlyDictionary<string, object>, bool> inner = ParseOr();
            Expect(")");
            return inner;
        }

        string column = Next();
        string op = Next();
        object literal = ParseLiteral(Next());
        return op switch
        {
            "gt" => row => Compare(row[column], literal) > 0,
            "ge" => row => Compare(row[column], literal) >= 0,
            "eq" => row => Compare(row[column], literal) == 0,
            _ => throw new FormatException($"Unsupported operator {op}"),
        };
    }

    private static object ParseLiteral(string token)
    {
        if (token.StartsWith('\''))
        {
            return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (token.Contains('T', StringComparison.Ordinal) && token.Contains(':', StringComparison.Ordinal))
        {
            return DateTimeOffset.Parse(token, CultureInfo.InvariantCulture, DateTimeStyles.None);
        }

        return decimal.Parse(token, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    private int Compare(object value, object literal) => (value, literal) switch
    {
        (string a, string b) => _collation.Compare(a, b),
        (decimal a, decimal b) => a.CompareTo(b),
        (long a, decimal b) => ((decimal)a).CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        _ => throw new InvalidOperationException($"Cannot compare {value.GetType().Name} with {literal.GetType().Name}"),
    };

    private static List<string> Tokenize(string filter)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < filter.Length)
        {
            char c = filter[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                int start = i++;
                while (true)
                {
                    if (filter[i] == '\'' && i + 1 < filter.Length && filter[i + 1] == '\'')
                    {
                        i += 2;
                    }
                    else if (filter[i] == '\'')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        i++;
                    }
                }

                tokens.Add(filter[start..i]);
            }
            else
            {
                int start = i;
                while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && filter[i] is not ('(' or ')'))
                {
                    i++;
                }

                tokens.Add(filter[start..i]);
            }
        }

        return tokens;
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw new FormatException("Unexpected end of filter");

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw new FormatException($"Expected {token}");
        }
    }
}
