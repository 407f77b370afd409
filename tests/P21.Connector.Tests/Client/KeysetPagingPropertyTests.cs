using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using P21.Connector.Client.Models;
using P21.Connector.Client.OData;

namespace P21.Connector.Tests.Client;

public class KeysetPagingPropertyTests
{
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names = ["a", "A", "b", "O'Neil", "o''", "z z", "ä", ""];

    public static Arbitrary<(int Minute, int Id, string Name)[]> Rows() =>
        (from minute in Gen.Choose(0, 4)
         from id in Gen.Choose(1, 6)
         from name in Gen.Elements(Names)
         select (minute, id, name))
            .ArrayOf()
            .ToArbitrary();

    // Few distinct timestamps and keys → many ties on date_last_modified and on the first key column.
    [Property(MaxTest = 300, Arbitrary = [typeof(KeysetPagingPropertyTests)])]
    public bool KeysetPaging_RandomRowsWithTies_VisitsEveryRowExactlyOnceInOrder(
        (int Minute, int Id, string Name)[] raw, PositiveInt pageSizeSeed, int offsetHours) =>
        VisitsEveryRowOnce(raw, pageSizeSeed, offsetHours, StringComparer.Ordinal);

    // P21's SQL Server (case-insensitive collation) compares and orders 'a' and 'A' as one value, so a string key is
    // unique ignoring case; the keyset predicate must still meet the server's order exactly.
    [Property(MaxTest = 300, Arbitrary = [typeof(KeysetPagingPropertyTests)])]
    public bool KeysetPaging_CaseInsensitiveCollation_VisitsEveryRowExactlyOnceInOrder(
        (int Minute, int Id, string Name)[] raw, PositiveInt pageSizeSeed, int offsetHours) =>
        VisitsEveryRowOnce(raw, pageSizeSeed, offsetHours, StringComparer.OrdinalIgnoreCase);

    private static bool VisitsEveryRowOnce(
        (int Minute, int Id, string Name)[] raw, PositiveInt pageSizeSeed, int offsetHours, StringComparer collation)
    {
        TimeSpan serverOffset = TimeSpan.FromHours(Math.Clamp(offsetHours % 14, -12, 12));
        int pageSize = (pageSizeSeed.Get % 5) + 1;
        List<Dictionary<string, object>> table = [.. raw
            .DistinctBy(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\u0000" + r.Name, collation)
            .Select(r => new Dictionary<string, object>
            {
                ["date_last_modified"] = Epoch.AddMinutes(r.Minute).ToOffset(serverOffset),
                ["customer_id"] = (decimal)r.Id,
                ["name"] = r.Name,
            })];
        List<Dictionary<string, object>> expected = [.. Ordered(table, collation)];

        var visited = new List<Dictionary<string, object>>();
        KeysetPosition? after = null;
        for (int guard = 0; guard <= table.Count + 1; guard++)
        {
            string? filter = KeysetFilter.After("date_last_modified", ["customer_id", "name"], after, null, serverOffset);
            List<Dictionary<string, object>> page = [.. Ordered(table.Where(r => filter is null || ODataPredicateEvaluator.Evaluate(filter, r, collation)), collation).Take(pageSize)];
            visited.AddRange(page);
            if (page.Count < pageSize)
            {
                break;
            }

            Dictionary<string, object> last = page[^1];
            after = new KeysetPosition(
                (DateTimeOffset)last["date_last_modified"],
                [ODataLiterals.Number((decimal)last["customer_id"]), ODataLiterals.String((string)last["name"])]);
        }

        return visited.SequenceEqual(expected);
    }

    [Property(MaxTest = 200)]
    public bool ServerOffsetConversion_RoundTripsTheInstant(int minutes, int offsetQuarterHours)
    {
        TimeSpan offset = TimeSpan.FromMinutes(15 * (offsetQuarterHours % 56));
        DateTimeOffset instant = Epoch.AddMinutes(minutes % 1_000_000).AddTicks(minutes * 7919L % TimeSpan.TicksPerSecond);

        string literal = ODataLiterals.DateTime(instant, offset);
        DateTimeOffset parsed = DateTimeOffset.Parse(literal, System.Globalization.CultureInfo.InvariantCulture);

        return parsed == instant && parsed.Offset == offset;
    }

    private static IOrderedEnumerable<Dictionary<string, object>> Ordered(IEnumerable<Dictionary<string, object>> rows, StringComparer collation) =>
        rows.OrderBy(r => (DateTimeOffset)r["date_last_modified"])
            .ThenBy(r => (decimal)r["customer_id"])
            .ThenBy(r => (string)r["name"], collation);
}
