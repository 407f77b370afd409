namespace P21.Connector.Storage;

/// <summary>What a mapping translates; the well-known kinds are listed, any other non-empty name is allowed.</summary>
/// <param name="Name">The kind's stable name (part of the table key: never rename one in use).</param>
public readonly record struct MappingKind(string Name)
{
    /// <summary>Platform SKU → P21 <c>item_id</c>. Keys are normalized (see <see cref="MappingKey.Normalize"/>).</summary>
    public static MappingKind Sku { get; } = new("sku");

    /// <summary>Platform customer id → P21 <c>customer_id</c>.</summary>
    public static MappingKind Customer { get; } = new("customer");

    /// <summary>Platform address id → P21 ship-to id.</summary>
    public static MappingKind ShipTo { get; } = new("ship-to");

    /// <summary>Settlement (transaction type, amount type, amount description) → GL account number; keys from <see cref="MappingKey.ForGlAccount"/>.</summary>
    public static MappingKind GlAccount { get; } = new("gl-account");

    /// <summary>
    /// Push flow: P21 <c>item_id</c> (which is the platform SKU) → the platform's id for it (Shopify inventory item GID,
    /// BigCommerce variant id, WooCommerce product id or <c>{parent}/{variation}</c>). Source is the push target's name.
    /// Resolved once and cached; dropped when the platform no longer knows the id.
    /// </summary>
    public static MappingKind PushItem { get; } = new("push-item");

    /// <summary>
    /// Push flow: <c>{item_id}|{location_id}</c> (P21 side) → the last P21 change pushed for it, as
    /// <c>{event time, ISO 8601}|{event id}|{quantity}</c>. Source is the push target's name. An older event is stale.
    /// </summary>
    public static MappingKind PushPosition { get; } = new("push-position");

    /// <summary>
    /// Writer → push flow: P21 <c>order_no</c> → the storefront order it was written from (<see cref="OrderLink"/> as JSON:
    /// the platform order id and, per P21 line number, the platform line id). Source is the command's intake source.
    /// Written by the writer after every sales order create; read by the shipment and order-status pushes.
    /// </summary>
    public static MappingKind OrderLink { get; } = new("order-link");

    /// <summary>Push flow: P21 <c>pick_ticket_no</c> → <c>{platform shipment id}|{tracking number}</c> once the store has it. Source is the push target's name.</summary>
    public static MappingKind PushShipment { get; } = new("push-shipment");

    /// <summary>Push flow: P21 <c>order_no</c> → the status last pushed (<c>cancelled</c>). Source is the push target's name.</summary>
    public static MappingKind PushOrderStatus { get; } = new("push-order-status");

    /// <summary>
    /// Amazon order pull: <c>AmazonOrderId</c> → the <c>LastUpdateDate</c> (ISO 8601) of the version last handed to the
    /// write path or decided on. Source <c>amazon</c>. An order seen again at the same date (the overlap, a re-pull)
    /// costs no getOrderItems call.
    /// </summary>
    public static MappingKind AmazonOrder { get; } = new("amazon-order");

    /// <summary>
    /// Amazon settlement pull: <c>reportId</c> → the settlement id it was handed to the write path as, or
    /// <c>parked:{record id}</c> when its document did not parse. Source <c>amazon</c>. A report seen again (the overlap)
    /// is skipped without a download.
    /// </summary>
    public static MappingKind AmazonSettlementReport { get; } = new("amazon-settlement-report");

    /// <summary>
    /// Amazon settlement pull: settlement id → the <c>reportId</c> it was first handed over from. Source <c>amazon</c>.
    /// Amazon may generate a settlement's report again under a new report id; this keeps that one from being enqueued twice.
    /// </summary>
    public static MappingKind AmazonSettlement { get; } = new("amazon-settlement");

    /// <inheritdoc />
    public override string ToString() => Name;
}
