using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Confirms a pick ticket through the Shipping service with carrier and tracking number and <c>create_invoice</c> ON.
/// Shipping is the only writer of <c>oe_pick_ticket.tracking_no</c> and refuses invoiced tickets, so a ticket that
/// already carries our tracking number counts as done (the redelivery case) and any other invoiced ticket is parked.
/// </summary>
internal sealed class ShipmentConfirmHandler(IOptionsMonitor<WriterOptions> options) : WriteHandler<ShipmentConfirm>
{
    public const string Service = "Shipping";
    public const string Element = "TABPAGE_1.tp_1_dw_1";

    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(ShipmentConfirm payload, WriteContext context, CancellationToken cancellationToken)
    {
        P21Row ticket = await FindTicketAsync(context.Client, payload, cancellationToken).ConfigureAwait(false);
        string pickTicketNo = ticket.GetString("pick_ticket_no")!;
        if (HasTracking(ticket, payload.TrackingNumber))
        {
            return pickTicketNo;
        }

        if (ticket.TryGetString("invoice_no", out string? invoiceNo) && invoiceNo is { Length: > 0 })
        {
            throw new WriteRejectedException(
                $"pick ticket {pickTicketNo} is already invoiced ({invoiceNo}); P21 accepts tracking numbers only at confirmation");
        }

        string carrier = options.CurrentValue.CarrierMap.TryGetValue(payload.Carrier.Trim(), out string? mapped) ? mapped : payload.Carrier.Trim();
        TransactionRequest request = Build(pickTicketNo, carrier, payload.TrackingNumber.Trim());
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, Service);

        P21Row after = await TicketAsync(context.Client, $"pick_ticket_no eq {NumberOrString(pickTicketNo)}", cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"pick ticket {pickTicketNo} vanished after confirmation");
        if (!HasTracking(after, payload.TrackingNumber))
        {
            throw new WriteRejectedException($"P21 passed the Shipping transaction for pick ticket {pickTicketNo} but did not store tracking number {payload.TrackingNumber} (silent no-op)");
        }

        return pickTicketNo;
    }

    internal static TransactionRequest Build(string pickTicketNo, string carrier, string trackingNo) =>
        TransactionRequest.Single(
            Service,
            new DataElement(Element, "Form", ["pick_ticket_no"], [new DataElementRow(FieldEdits.Of(
                ("pick_ticket_no", pickTicketNo),
                ("carrier_id", carrier),
                ("tracking_no", trackingNo),
                ("create_invoice", "ON")))]));

    private static async Task<P21Row> FindTicketAsync(P21Client client, ShipmentConfirm payload, CancellationToken cancellationToken)
    {
        if (payload.PickTicketNumber is { Length: > 0 } number)
        {
            return await TicketAsync(client, $"pick_ticket_no eq {NumberOrString(number.Trim())}", cancellationToken).ConfigureAwait(false)
                ?? throw new WriteRejectedException($"P21 has no pick ticket {number}");
        }

        // The reference is the platform's order id (web_reference_no) or, failing that, a P21 order number.
        string orderNo = await SalesOrders.FindByWebReferenceAsync(client, payload.OrderReference, cancellationToken).ConfigureAwait(false)
            ?? payload.OrderReference.Trim();
        IReadOnlyList<P21Row> tickets = await client.ListAsync(
            new ODataQuery("oe_pick_ticket", Filter: P21Reads.NotDeleted(P21Reads.Eq("order_no", orderNo)), OrderBy: ["pick_ticket_no"]),
            cancellationToken).ConfigureAwait(false);
        return tickets.FirstOrDefault(t => HasTracking(t, payload.TrackingNumber))
            ?? tickets.FirstOrDefault(t => !t.TryGetString("invoice_no", out string? inv) || string.IsNullOrEmpty(inv))
            ?? tickets.FirstOrDefault()
            ?? throw new WriteRejectedException($"order {payload.OrderReference} has no pick ticket in P21 yet; print one, then replay");
    }

    private static Task<P21Row?> TicketAsync(P21Client client, string filter, CancellationToken cancellationToken) =>
        client.FirstOrDefaultAsync(new ODataQuery("oe_pick_ticket", Filter: filter, OrderBy: ["pick_ticket_no"]), cancellationToken);

    private static bool HasTracking(P21Row ticket, string trackingNo) =>
        ticket.TryGetString("tracking_no", out string? tracking)
        && string.Equals(tracking?.Trim(), trackingNo.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string NumberOrString(string value) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal n)
            ? ODataLiterals.Number(n)
            : ODataLiterals.String(value);
}
