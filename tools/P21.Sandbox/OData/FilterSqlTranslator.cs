using System.Globalization;
using System.Text;

using Microsoft.Data.Sqlite;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace P21.Sandbox.OData;

/// <summary>
/// Turns the semantic tree of a parsed $filter into a parameterized SQLite WHERE clause. Literals only ever travel
/// as parameters; column names come from the EDM model, never from the request text.
/// </summary>
internal sealed class FilterSqlTranslator(SandboxClock clock)
{
    private readonly List<SqliteParameter> _parameters = [];

    public IReadOnlyList<SqliteParameter> Parameters => _parameters;

    /// <summary>True when the filter used the `in` operator, which P21 silently ignores.</summary>
    public bool UsedIn { get; private set; }

    public string Translate(SingleValueNode node) => node switch
    {
        BinaryOperatorNode binary => Binary(binary),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } unary => $"(NOT {Translate(unary.Operand)})",
        ConvertNode convert => Translate(convert.Source),
        SingleValuePropertyAccessNode property => Column(property.Property.Name),
        ConstantNode constant => Parameter(constant.Value),
        SingleValueFunctionCallNode function => Function(function),
        InNode => MarkIn(),
        _ => throw new ODataQueryRejectedException($"Unsupported expression '{node.Kind}'."),
    };

    public static string Column(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string MarkIn()
    {
        UsedIn = true;
        return "1=1";
    }

    private string Binary(BinaryOperatorNode node)
    {
        if (node.OperatorKind is BinaryOperatorKind.And or BinaryOperatorKind.Or)
        {
            string op = node.OperatorKind == BinaryOperatorKind.And ? "AND" : "OR";
            return $"({Translate(node.Left)} {op} {Translate(node.Right)})";
        }

        bool leftNull = IsNull(node.Left), rightNull = IsNull(node.Right);
        if (leftNull || rightNull)
        {
            string operand = Translate(leftNull ? node.Right : node.Left);
            return node.OperatorKind switch
            {
                BinaryOperatorKind.Equal => $"({operand} IS NULL)",
                BinaryOperatorKind.NotEqual => $"({operand} IS NOT NULL)",
                _ => "(1=0)",
            };
        }

        string sqlOp = node.OperatorKind switch
        {
            BinaryOperatorKind.Equal => "=",
            BinaryOperatorKind.NotEqual => "<>",
            BinaryOperatorKind.GreaterThan => ">",
            BinaryOperatorKind.GreaterThanOrEqual => ">=",
            BinaryOperatorKind.LessThan => "<",
            BinaryOperatorKind.LessThanOrEqual => "<=",
            _ => throw new ODataQueryRejectedException($"Operator '{node.OperatorKind}' is not supported."),
        };

        // SQL's <> drops NULL rows; OData's ne keeps them (a null column is not equal to a value).
        string left = Translate(node.Left), right = Translate(node.Right) + Collation(node.Left, node.Right);
        return node.OperatorKind == BinaryOperatorKind.NotEqual
            ? $"({left} IS NOT {right})"
            : $"({left} {sqlOp} {right})";
    }

    private string Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.OfType<SingleValueNode>().ToList();
        if (args.Count != 2 || node.Parameters.Count() != 2)
        {
            throw new ODataQueryRejectedException($"Function '{node.Name}' is not supported.");
        }

        // P21's SQL Server compares with a case-insensitive collation, so LIKE-style functions ignore case too.
        string subject = Translate(args[0]), needle = Translate(args[1]);
        return node.Name switch
        {
            "startswith" => $"(substr({subject}, 1, length({needle})) = {needle} COLLATE NOCASE)",
            "endswith" => $"(length({needle}) = 0 OR substr({subject}, -length({needle})) = {needle} COLLATE NOCASE)",
            "contains" => $"(instr(lower({subject}), lower({needle})) > 0)",
            _ => throw new ODataQueryRejectedException($"Function '{node.Name}' is not supported."),
        };
    }

    /// <summary>
    /// SQL Server (P21's database) compares strings with a case-insensitive collation; SQLite's NOCASE folds ASCII
    /// letters the same way.
    /// </summary>
    private static string Collation(SingleValueNode left, SingleValueNode right) =>
        IsString(left) || IsString(right) ? " COLLATE NOCASE" : string.Empty;

    private static bool IsString(SingleValueNode node) => node.TypeReference?.IsString() == true;

    private static bool IsNull(SingleValueNode node) => node switch
    {
        ConstantNode constant => constant.Value is null,
        ConvertNode convert => IsNull(convert.Source),
        _ => false,
    };

    private string Parameter(object? value)
    {
        object stored = value switch
        {
            null => DBNull.Value,
            string s => s,
            DateTimeOffset instant => clock.Store(instant),
            DateOnly date => $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} 00:00:00",
#pragma warning disable CS0618 // ODL 8 still hands out its own Date for date literals; handled until ODL 9 switches to DateOnly.
            Microsoft.OData.Edm.Date date => $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} 00:00:00",
#pragma warning restore CS0618
            DateTime dt => SandboxClock.Store(dt),
            bool b => b ? 1 : 0,
            int or long or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            decimal d => (double)d,
            double or float => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            Guid g => g.ToString(),
            _ => throw new ODataQueryRejectedException($"Literal of type {value.GetType().Name} is not supported."),
        };

        string name = "$f" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new SqliteParameter(name, stored));
        return name;
    }

    /// <summary>Builds the ORDER BY list from a parsed $orderby.</summary>
    public static string OrderBy(OrderByClause? clause)
    {
        var sql = new StringBuilder();
        for (OrderByClause? current = clause; current is not null; current = current.ThenBy)
        {
            SingleValueNode expression = current.Expression is ConvertNode convert ? convert.Source : current.Expression;
            if (expression is not SingleValuePropertyAccessNode property)
            {
                throw new ODataQueryRejectedException("Only columns can be used in $orderby.");
            }

            if (sql.Length > 0)
            {
                sql.Append(", ");
            }

            // Ordered under the same case-insensitive collation as the comparisons, so keyset pages meet exactly.
            sql.Append(Column(property.Property.Name)).Append(property.Property.Type.IsString() ? " COLLATE NOCASE" : string.Empty)
                .Append(current.Direction == OrderByDirection.Descending ? " DESC" : " ASC");
        }

        return sql.ToString();
    }
}
