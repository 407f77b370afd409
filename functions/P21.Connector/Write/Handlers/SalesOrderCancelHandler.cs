using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Acts on a storefront cancellation: no P21 order made from it → nothing to do (committed with a notice); else the
/// Order service cancels it (<see cref="WriterOptions.CancelOrdersInP21"/>), or the command is parked so an operator
/// cancels it in P21 and discards the record. Already cancelled in P21 → committed.
/// </summary>
internal sealed class SalesOrderCancelHandler(IOptionsMonitor<WriterOptions> options) : WriteHandler<SalesOrderCancel>
{
    /// <summary>The P21 key recorded when no P21 order was ever made from the storefront order.</summary>
    public const string NotInP21 = "not-in-p21";

    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(SalesOrderCancel payload, WriteContext context, CancellationToken cancellationToken)
    {
        string? orderNo = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false);
        if (orderNo is null)
        {
            context.Notices.Add($"no P21 order was made from {context.Command.Source} order {payload.ExternalOrderId}; nothing to cancel");
            return NotInP21;
        }

        if (await IsCancelledAsync(context, orderNo, cancellationToken).ConfigureAwait(false))
        {
            return orderNo;
        }

        if (!options.CurrentValue.CancelOrdersInP21)
        {
            throw new WriteRejectedException(
                $"{context.Command.Source} cancelled order {payload.ExternalOrderId} after it was written as P21 order {orderNo}; cancel it in P21 (or set Writer:CancelOrdersInP21), then discard this record");
        }

        TransactionRequest request = TransactionRequest.Single(
            SalesOrders.Service,
            DataElement.Form(SalesOrders.HeaderElement, FieldEdits.Of(("order_no", orderNo), ("cancel_flag", "Y"))));
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, SalesOrders.Service);
        if (!await IsCancelledAsync(context, orderNo, cancellationToken).ConfigureAwait(false))
        {
            throw new WriteRejectedException($"P21 passed the cancellation of order {orderNo} but the order is not cancelled (silent no-op); cancel it in P21, then discard this record");
        }

        return orderNo;
    }

    private static async Task<bool> IsCancelledAsync(WriteContext context, string orderNo, CancellationToken cancellationToken)
    {
        P21Row? row = await context.Client.FirstOrDefaultAsync(
            new ODataQuery("oe_hdr", Filter: P21Reads.Eq("order_no", orderNo), Select: ["order_no", "cancel_flag"], OrderBy: ["order_no"]),
            cancellationToken).ConfigureAwait(false);
        return row is not null && row.TryGetString("cancel_flag", out string? flag) && flag == "Y";
    }
}
