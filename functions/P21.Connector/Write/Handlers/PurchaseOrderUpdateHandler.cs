using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Updates a purchase order this connector created (found by its reference column): expected date and lines, upserted
/// by <c>line_no</c> so the same update twice changes nothing the second time. A live P21 line the command no longer
/// lists is not removed (the Transaction API cannot delete PO lines): the command is parked naming the line.
/// </summary>
internal sealed class PurchaseOrderUpdateHandler(ItemMatcher items, IOptionsMonitor<WriterOptions> options) : WriteHandler<PurchaseOrderUpdate>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(PurchaseOrderUpdate payload, WriteContext context, CancellationToken cancellationToken)
    {
        if (payload.Lines.Count == 0)
        {
            throw new WriteRejectedException($"the update of purchase order {payload.ExternalPurchaseOrderId} has no lines; cancel the PO in P21 instead");
        }

        if (payload.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad)
        {
            throw new WriteRejectedException($"the update of purchase order {payload.ExternalPurchaseOrderId} has quantity {bad.Quantity} for SKU {bad.Sku}; cancel the line in P21 instead");
        }

        WriterOptions writer = options.CurrentValue;
        string poNo = await PurchaseOrders.FindByReferenceAsync(context.Client, writer.PurchaseOrderReferenceColumn, payload.ExternalPurchaseOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"no P21 purchase order carries reference {payload.ExternalPurchaseOrderId} ({writer.PurchaseOrderReferenceColumn}); create it first, then replay");

        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<PurchaseLine> expected = [.. payload.Lines.Select((l, i) => new PurchaseLine(i + 1, itemIds[i], l.Quantity))];

        List<string> problems = PurchaseOrders.Compare(expected, await PurchaseOrders.LinesAsync(context.Client, poNo, cancellationToken).ConfigureAwait(false));
        List<string> extra = [.. problems.Where(p => p.EndsWith("is not in the command", StringComparison.Ordinal))];
        if (extra.Count > 0)
        {
            throw new WriteRejectedException(
                $"P21 purchase order {poNo} has {string.Join(", ", extra)}; lines cannot be removed through the Transaction API: cancel them in P21, then replay");
        }

        if (problems.Count == 0 && payload.ExpectedDate is null)
        {
            return poNo;
        }

        TransactionRequest request = TransactionRequest.Single(
            PurchaseOrders.Service,
            new DataElement(PurchaseOrders.HeaderElement, "Form", ["po_no"], [new DataElementRow(FieldEdits.Of(
                ("po_no", poNo),
                ("expected_date", payload.ExpectedDate is { } d ? P21Formats.Date(context.ServerDate(d)) : null)))]),
            PurchaseOrders.Lines(expected));
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, PurchaseOrders.Service);
        await PurchaseOrders.VerifyLinesAsync(context.Client, poNo, expected, cancellationToken).ConfigureAwait(false);
        return poNo;
    }
}
