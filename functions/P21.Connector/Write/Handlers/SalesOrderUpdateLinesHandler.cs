using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Replaces the lines of an order this connector created. Lines are upserted by our <c>user_line_no</c> handles, so
/// running the same update twice changes nothing the second time; P21 lines beyond the command's count are set to
/// quantity 0 (P21 keeps the line and its history rather than deleting it).
/// </summary>
internal sealed class SalesOrderUpdateLinesHandler(ItemMatcher items) : WriteHandler<SalesOrderUpdateLines>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(SalesOrderUpdateLines payload, WriteContext context, CancellationToken cancellationToken)
    {
        string orderNo = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"no P21 order carries web reference {payload.ExternalOrderId}; create the order first, then replay");

        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context.Client, context.Connection, context.Command.Source, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<ExpectedLine> expected = [.. payload.Lines.Select((l, i) => new ExpectedLine(UserLineNumbers.For(i + 1), itemIds[i], l.Quantity))];

        IReadOnlyList<P21Row> current = await SalesOrders.LinesAsync(context.Client, orderNo, cancellationToken).ConfigureAwait(false);
        HashSet<string> wanted = [.. expected.Select(e => Handle(e.UserLineNo))];
        List<ExpectedLine> zeroed = [];
        foreach (P21Row row in current)
        {
            if (row.TryGetString("user_line_no", out string? handle) && handle is not null && !wanted.Contains(Handle(handle))
                && row.TryGetString("item_id", out string? itemId) && itemId is not null)
            {
                zeroed.Add(new ExpectedLine(handle, itemId, 0m));
            }
        }

        List<ExpectedLine> all = [.. expected, .. zeroed];
        if (!OrderReadBack.Compare(all, current).Any())
        {
            return orderNo;
        }

        TransactionRequest request = Build(orderNo, payload, expected, zeroed);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, SalesOrders.Service);
        await SalesOrders.VerifyLinesAsync(context.Client, orderNo, all, cancellationToken).ConfigureAwait(false);
        return orderNo;
    }

    internal static TransactionRequest Build(string orderNo, SalesOrderUpdateLines payload, IReadOnlyList<ExpectedLine> lines, IReadOnlyList<ExpectedLine> zeroed)
    {
        DataElementRow[] rows =
        [
            .. lines.Select((line, i) => new DataElementRow(FieldEdits.Of(
                ("user_line_no", line.UserLineNo),
                ("oe_order_item_id", line.ItemId),
                ("unit_quantity", P21Formats.Number(line.Quantity)),
                ("unit_price", P21Formats.Number(payload.Lines[i].UnitPrice))))),
            .. zeroed.Select(line => new DataElementRow([
                new FieldEdit("user_line_no", line.UserLineNo),
                new FieldEdit("unit_quantity", "0")])),
        ];
        return TransactionRequest.Single(
            SalesOrders.Service,
            new DataElement(SalesOrders.HeaderElement, "Form", ["order_no"], [new DataElementRow([new FieldEdit("order_no", orderNo)])]),
            DataElement.List(SalesOrders.LinesElement, ["user_line_no"], rows));
    }

    private static string Handle(string handle) =>
        decimal.TryParse(handle, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal n)
            ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : handle.Trim();
}
