using System.Globalization;

using P21.Cli.Hosting;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Orders;

/// <summary>One dry-run verdict: <c>write</c>, <c>skip</c> (already written), <c>park</c> or <c>reject</c>.</summary>
internal sealed record OrderVerdict(int Index, string? ExternalId, string? IdempotencyKey, string Verdict, string Detail);

/// <summary>
/// What the writer would do with a command, read-only: the ledger (already written or parked?), SKU resolution
/// (mapping, then <c>inv_mast.item_id</c>, as the writer resolves them) and the customer mapping.
/// </summary>
internal sealed class OrderPreview(CliSession session)
{
    public async Task<OrderVerdict> PreviewAsync(int index, WriteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        LedgerEntry? entry = await session.Get<IIdempotencyLedger>().GetAsync(session.Connection, command.IdempotencyKey, cancellationToken);
        if (entry?.State == LedgerState.Committed)
        {
            return Verdict("skip", $"already written as {entry.P21Key}; the writer would not call P21");
        }

        if (entry?.State == LedgerState.Parked)
        {
            return Verdict("park", $"parked earlier: {entry.ParkedReason} (p21 parked show {ParkedRecord.IdFor(command.IdempotencyKey)})");
        }

        if (command.Payload is not SalesOrderCreate order)
        {
            return Verdict("write", $"{command.Kind} {command.ExternalId}");
        }

        IMappingStore mappings = session.Get<IMappingStore>();
        P21Client client = session.Client();
        var unknown = new List<string>();
        for (int i = 0; i < order.Lines.Count; i++)
        {
            string sku = order.Lines[i].Sku;
            string? item = await mappings.GetAsync(session.Connection, command.Source, MappingKind.Sku, sku, cancellationToken)
                ?? await FindItemAsync(client, sku.Trim(), cancellationToken);
            if (item is null)
            {
                unknown.Add(string.Create(CultureInfo.InvariantCulture, $"unknown SKU {sku} (line {i + 1})"));
            }
        }

        if (unknown.Count > 0)
        {
            return Verdict("park", string.Join(", ", unknown) + " — add a SKU mapping (p21 mappings import) or the item in P21");
        }

        string? customer = order.Customer.PlatformCustomerId is { Length: > 0 } platformId
            ? await mappings.GetAsync(session.Connection, command.Source, MappingKind.Customer, platformId, cancellationToken)
            : null;
        string total = order.Totals?.Total is { } t ? string.Create(CultureInfo.InvariantCulture, $", total {t:0.00} {order.Currency}") : "";
        return Verdict("write", $"sales order with {order.Lines.Count} line(s){total} for " + (customer is null
            ? "a customer matched by e-mail, or a new web customer"
            : $"customer {customer}"));

        OrderVerdict Verdict(string verdict, string detail) => new(index, command.ExternalId, command.IdempotencyKey, verdict, detail);
    }

    private static async Task<string?> FindItemAsync(P21Client client, string itemId, CancellationToken cancellationToken)
    {
        var query = new ODataQuery("inv_mast", Filter: $"item_id eq {ODataLiterals.String(itemId)} and delete_flag eq 'N'", Select: ["item_id"], OrderBy: ["item_id"], PageSize: 1);
        await foreach (P21Row row in client.QueryAsync(query, cancellationToken))
        {
            return row.GetString("item_id");
        }

        return null;
    }
}
