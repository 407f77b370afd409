using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Mappings;

/// <summary>
/// Checks that every mapping value names a live P21 record before anything is stored: a SKU's item
/// (<c>inv_mast.item_id</c>), a customer (<c>customer.customer_id</c>), a ship-to (<c>ship_to.ship_to_id</c>). The writer
/// trusts a mapping as it is, so a typo would otherwise surface only when an order is parked or refused by P21.
/// GL accounts are not checked: the connector has no chart-of-accounts read, and the sandbox it is tested against has no
/// accounts table to build one on (its <c>gl</c> table holds posted journal lines, not accounts); a check that was never
/// run against anything would be worse than none.
/// </summary>
internal static class MappingVerifier
{
    /// <summary>
    /// Values per request: P21 ignores <c>in</c>, so each batch is an <c>or</c>-chain, and twenty keeps the URL short
    /// with text values such as item ids of 40 characters.
    /// </summary>
    public const int ValuesPerRequest = 20;

    private static readonly Target[] Targets =
    [
        new(MappingKind.Sku, "inv_mast", "item_id", Numeric: false, "item", "a live P21 item"),
        new(MappingKind.Customer, "customer", "customer_id", Numeric: true, "customer", "a live P21 customer"),
        new(MappingKind.ShipTo, "ship_to", "ship_to_id", Numeric: true, "ship-to", "a live P21 ship-to"),
    ];

    /// <summary>True when <paramref name="kind"/>'s values are checked against P21.</summary>
    public static bool IsVerified(MappingKind kind) => Targets.Any(t => t.Kind == kind);

    /// <summary>One error per row whose value is not a live P21 record, in line order; empty when all are.</summary>
    public static async Task<IReadOnlyList<(int Line, string Error)>> VerifyAsync(P21Client client, IReadOnlyList<MappingRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<(int Line, string Error)>();
        foreach (Target target in Targets)
        {
            List<MappingRow> ofKind = [.. rows.Where(r => r.Kind == target.Kind)];
            if (ofKind.Count == 0)
            {
                continue;
            }

            List<MappingRow> checkable = [];
            foreach (MappingRow row in ofKind)
            {
                if (target.Numeric && !decimal.TryParse(row.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
                {
                    // Sent as-is it would be an injected filter or a 400; P21's ids of these tables are numbers.
                    errors.Add((row.Line, $"line {row.Line}: {target.Kind.Name} {row.Key} → {target.Noun} '{row.Value}' is not a P21 {target.Noun} id ({target.Column} is a number)"));
                }
                else
                {
                    checkable.Add(row);
                }
            }

            (HashSet<string> live, Dictionary<string, string> byCase) = await ReadLiveAsync(client, target, [.. checkable.Select(r => Key(target, r.Value)).Distinct(StringComparer.Ordinal)], cancellationToken);
            foreach (MappingRow row in checkable.Where(r => !live.Contains(Key(target, r.Value))))
            {
                // P21 item ids are case-sensitive to the writer (it sends the value as typed), so a near miss is named, not accepted.
                string hint = !target.Numeric && byCase.TryGetValue(row.Value, out string? spelled) ? $" (P21 has '{spelled}')" : "";
                errors.Add((row.Line, $"line {row.Line}: {target.Kind.Name} {row.Key} → {target.Noun} '{row.Value}' is not {target.Description}{hint}"));
            }
        }

        return [.. errors.OrderBy(e => e.Line)];
    }

    private static async Task<(HashSet<string> Live, Dictionary<string, string> ByCase)> ReadLiveAsync(
        P21Client client, Target target, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        var byCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string[] batch in values.Chunk(ValuesPerRequest))
        {
            var query = new ODataQuery(
                target.Table,
                Filter: ODataFilter.And(ODataFilter.AnyOf(target.Column, batch, target.Numeric), "delete_flag ne 'Y'"),
                Select: [target.Column],
                OrderBy: [target.Column]);
            await foreach (P21Row row in client.QueryAsync(query, cancellationToken))
            {
                if (row.TryGetString(target.Column, out string? value) && value is not null)
                {
                    live.Add(Key(target, value));
                    byCase.TryAdd(value, value);
                }
            }
        }

        return (live, byCase);
    }

    // Numbers compare by value: P21 answers 100001 where the file says 100001.0, or the reverse.
    private static string Key(Target target, string value) =>
        target.Numeric && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal number)
            ? number.ToString("0.############", CultureInfo.InvariantCulture)
            : value;

    private sealed record Target(MappingKind Kind, string Table, string Column, bool Numeric, string Noun, string Description);
}
