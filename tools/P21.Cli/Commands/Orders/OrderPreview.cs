using System.Globalization;

using P21.Cli.Hosting;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Cli.Commands.Orders;

/// <summary>One dry-run verdict: <c>write</c>, <c>skip</c> (already written, or not eligible), <c>park</c> or <c>reject</c>, with the lines P21 would get.</summary>
internal sealed record OrderVerdict(
    int Index, string? ExternalId, string? IdempotencyKey, string Verdict, string Detail,
    IReadOnlyList<SalesOrderPreviewLine>? Lines = null, IReadOnlyList<string>? Notices = null);

/// <summary>
/// What the writer would do with a command, read-only: the ledger (already written or parked?), then the writer's own
/// dry run (<see cref="SalesOrderDryRun"/>): eligibility, the line plan with charges and net prices, SKU resolution,
/// the customer and the header P21 would get.
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

        // The writer's own plan, item matching and header rules, with writes switched off.
        SalesOrderPreview preview = await session.Get<SalesOrderDryRun>().PreviewAsync(command, order, session.Client(), cancellationToken);
        string total = order.Totals?.Total is { } t ? string.Create(CultureInfo.InvariantCulture, $"; platform total {t:0.00} {order.Currency}") : "";
        string lines = string.Join("; ", preview.Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.UserLineNo} {l.ItemId} x{l.Quantity:0.####} @ {l.UnitPrice:0.00##}")));
        string header = preview.Header is { } h ? string.Join(", ", h.Where(e => e.Key is "po_no" or "carrier_id" or "ship_to_id" && e.Value is not null).Select(e => $"{e.Key} {e.Value}")) : "";
        string detail = preview.Verdict == "write"
            ? string.Create(CultureInfo.InvariantCulture, $"{preview.Detail}: {preview.Lines.Count} line(s), P21 total {preview.Lines.Sum(l => Math.Round(l.UnitPrice * l.Quantity, 2)):0.00}{total} — {lines}{(header.Length > 0 ? $"; {header}" : "")}")
            : preview.Detail;
        if (preview.Notices.Count > 0)
        {
            detail += " (" + string.Join("; ", preview.Notices) + ")";
        }

        return new OrderVerdict(index, command.ExternalId, command.IdempotencyKey, preview.Verdict, detail, preview.Lines.Count > 0 ? preview.Lines : null, preview.Notices.Count > 0 ? preview.Notices : null);

        OrderVerdict Verdict(string verdict, string detail) => new(index, command.ExternalId, command.IdempotencyKey, verdict, detail);
    }
}
