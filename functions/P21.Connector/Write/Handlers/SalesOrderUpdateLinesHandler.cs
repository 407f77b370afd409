using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Replaces the lines of an order this connector created. Lines are upserted by our <c>user_line_no</c> handles, so
/// the same update twice changes nothing the second time. A live P21 line the command no longer lists is not removed:
/// the Transaction API cannot delete order lines and P21 refuses quantity 0, so the command is parked naming the line
/// (cancel it in P21, then replay).
/// </summary>
internal sealed class SalesOrderUpdateLinesHandler(ItemMatcher items) : WriteHandler<SalesOrderUpdateLines>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(SalesOrderUpdateLines payload, WriteContext context, CancellationToken cancellationToken)
    {
        if (payload.Lines.Count == 0)
        {
            throw new WriteRejectedException($"the update of order {payload.ExternalOrderId} has no lines; cancel the order in P21 instead");
        }

        string orderNo = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"no P21 order carries web reference {payload.ExternalOrderId}; create the order first, then replay");

        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<ExpectedLine> expected = [.. payload.Lines.Select((l, i) => new ExpectedLine(UserLineNumbers.For(i + 1), itemIds[i], l.Quantity))];

        IReadOnlyList<P21Row> current = await SalesOrders.LinesAsync(context.Client, orderNo, cancellationToken).ConfigureAwait(false);
        List<string> problems = OrderReadBack.Compare(expected, current);
        List<string> extra = [.. problems.Where(p => p.EndsWith("is not in the command", StringComparison.Ordinal))];
        if (extra.Count > 0)
        {
            throw new WriteRejectedException(
                $"P21 order {orderNo} has {string.Join(", ", extra)}; lines cannot be removed through the Transaction API: cancel them in P21, then replay");
        }

        if (problems.Count == 0)
        {
            return orderNo;
        }

        TransactionRequest request = Build(orderNo, payload, expected);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, SalesOrders.Service);
        await SalesOrders.VerifyLinesAsync(context.Client, orderNo, expected, cancellationToken).ConfigureAwait(false);
        return orderNo;
    }

    internal static TransactionRequest Build(string orderNo, SalesOrderUpdateLines payload, IReadOnlyList<ExpectedLine> lines)
    {
        DataElementRow[] rows =
        [
            .. lines.Select((line, i) => new DataElementRow(FieldEdits.Of(
                ("user_line_no", line.UserLineNo),
                ("oe_order_item_id", line.ItemId),
                ("unit_quantity", P21Formats.Number(line.Quantity)),
                ("unit_price", P21Formats.Number(payload.Lines[i].UnitPrice))))),
        ];
        return TransactionRequest.Single(
            SalesOrders.Service,
            new DataElement(SalesOrders.HeaderElement, "Form", ["order_no"], [new DataElementRow([new FieldEdit("order_no", orderNo)])]),
            DataElement.List(SalesOrders.LinesElement, ["user_line_no"], rows));
    }
}
