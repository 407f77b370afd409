namespace P21.Sandbox.Business;

/// <summary>
/// A sales order as typed into the Order window (every value still a string); <see cref="IsRma"/> marks one typed into
/// the RMA window (a credit order: positive return quantities, no allocation, <c>oe_hdr.rma_flag = 'Y'</c>).
/// <see cref="Ship2"/> holds the one-time ship-to address typed over the ship-to's (<c>ship2_name</c>, <c>ship2_add1</c>, …).
/// </summary>
internal sealed record OrderDraft(
    string? OrderNo,
    string? CustomerId,
    string? SalesLocId,
    string? SourceLocId,
    string? ShipToId,
    string? ContactId,
    string? PoNo,
    string? Taker,
    string? OrderDate,
    string? RequestedDate,
    string? WebReferenceNo,
    IReadOnlyList<OrderLineDraft> Lines,
    bool IsRma = false,
    string? CarrierId = null,
    string? DeliveryInstructions = null,
    IReadOnlyDictionary<string, string?>? Ship2 = null,
    string? CancelFlag = null);

/// <summary>One order line; a unit price means a manual price override.</summary>
internal sealed record OrderLineDraft(string? ItemId, string? UnitQuantity, string? UserLineNo, string? UnitPrice);
