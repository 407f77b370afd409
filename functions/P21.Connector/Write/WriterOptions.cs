using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Write;

/// <summary>What the writer does when a command's requested ship date is not after the order date (P21 refuses it).</summary>
public enum RequestedDatePolicy
{
    /// <summary>Move the requested date to the order date plus <see cref="WriterOptions.RequestedDateMinimumLeadDays"/>.</summary>
    Adjust,

    /// <summary>Park the command with a reason naming both dates.</summary>
    Park,
}

/// <summary>How the storefront's discounts reach P21.</summary>
public enum DiscountMode
{
    /// <summary>Each line at its net unit price (after its discounts): P21's margin and commission reports stay right per item.</summary>
    NetPrice,

    /// <summary>Lines at their list unit price plus one line of <c>Writer:ChargeItems:Discount</c> at minus the order's discounts, so P21 shows the discount as such.</summary>
    DiscountLine,
}

/// <summary>Where an order goes whose shipping address is none of the customer's ship-tos.</summary>
public enum ShipToPolicy
{
    /// <summary>
    /// Create a ship-to for the address (Transaction API service <c>ShipTo</c>) and remember it, so the next order to the
    /// same address finds it. Right for B2B buyers, whose addresses are their branches and jobsites.
    /// </summary>
    MatchOrCreate,

    /// <summary>
    /// Write the address into the order's one-time ship-to fields (<c>oe_hdr.ship2_*</c>) on the customer's default
    /// ship-to. Right for consumers and house accounts, whose addresses are one-offs that would bury real ship-tos.
    /// </summary>
    MatchOrOneTimeAddress,
}

/// <summary>
/// Defaults the writer fills in where a platform payload is silent, section <c>Writer</c>. P21 needs values a storefront
/// does not know (sales location, taker, salesrep, branch); they are set once per deployment here.
/// </summary>
public sealed class WriterOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Writer";

    /// <summary>P21 sales location (<c>sales_loc_id</c>) of web orders when the command names none.</summary>
    /// <value>Required.</value>
    [Required]
    public string DefaultSalesLocationId { get; set; } = "";

    /// <summary>Source location (<c>source_loc_id</c>); P21 raises a tax jurisdiction error without it.</summary>
    /// <value>Default: the sales location.</value>
    public string? DefaultSourceLocationId { get; set; }

    /// <summary>The <c>taker</c> on web orders; reports and order history identify web orders by it.</summary>
    /// <value>Default <c>ESTORE</c>.</value>
    [Required]
    [StringLength(30)]
    public string Taker { get; set; } = "ESTORE";

    /// <summary>Salesrep of web customers the writer creates (hard-required by P21's Customer window).</summary>
    /// <value>Required.</value>
    [Required]
    public string DefaultSalesrepId { get; set; } = "";

    /// <summary>Default branch of web customers' ship-tos (required by P21, no default there).</summary>
    /// <value>Required.</value>
    [Required]
    public string DefaultBranch { get; set; } = "";

    /// <summary>
    /// Customer class (<c>class_1id</c>) stamped on customers the writer creates, or empty for none. P21 customers carry
    /// <c>class_1id</c>..<c>class_5id</c>; if a P21's Customer window does not expose <c>class_1id</c> on its first tab
    /// (the public recipe does not list it), customer creates fail naming the column: set this to empty there.
    /// </summary>
    /// <value>Default <c>WEB</c>.</value>
    public string? WebCustomerClass { get; set; } = "WEB";

    /// <summary>Whether an order for a customer P21 does not know creates a web customer (else the order is parked).</summary>
    /// <value>Default true.</value>
    public bool CreateMissingCustomers { get; set; } = true;

    /// <summary>Where an order goes whose shipping address matches none of the customer's ship-tos.</summary>
    /// <value>Default <see cref="ShipToPolicy.MatchOrCreate"/>.</value>
    public ShipToPolicy ShipToPolicy { get; set; } = ShipToPolicy.MatchOrCreate;

    /// <summary>Per-source replacements of <see cref="ShipToPolicy"/> (e.g. <c>amazon</c>: <c>MatchOrOneTimeAddress</c>).</summary>
    public Dictionary<string, ShipToPolicy> ShipToPolicyBySource { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether an order that carries no shipping address (store pickup, a digital order, an Amazon order whose relay
    /// could not read the restricted address) is written on the customer's default ship-to; else it is parked.
    /// </summary>
    /// <value>Default false: an order P21 would ship to an address the buyer never gave is worse than a parked one.</value>
    public bool WriteOrdersWithoutShipToAddress { get; set; }

    /// <summary>
    /// How long a SKU's P21 item, once found in <c>inv_mast</c>, is used without asking P21 again (<see cref="KnownItems"/>).
    /// A P21 rejection of an order forgets its items at once; zero looks every SKU up every time.
    /// </summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan ItemCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most SKUs kept by <see cref="KnownItems"/> per process (a full cache drops what has expired, else starts over).</summary>
    /// <value>Default 20,000.</value>
    public int ItemCacheSize { get; set; } = 20_000;

    /// <summary>
    /// A P21 customer id per source whose every order is written to that one customer (a house account, e.g. for
    /// Amazon buyers or POS walk-ins) with the order's own ship-to. Orders of a source without one that carry neither
    /// an e-mail nor a platform customer id are parked.
    /// </summary>
    public Dictionary<string, string> HouseCustomerIds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The P21 other-charge item of each charge kind (<c>Freight</c>, <c>Handling</c>, <c>GiftWrap</c>, <c>Fee</c>): each
    /// non-zero charge becomes a line of that item, so the P21 order totals what the buyer paid. An order with a charge
    /// whose kind has no item is parked naming the setting.
    /// </summary>
    public Dictionary<string, string> ChargeItems { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The comparison of the storefront's tax with the tax P21 computed for a new order (off unless a column is named).</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public TaxCheckOptions TaxCheck { get; set; } = new();

    /// <summary>How discounts are written: net unit prices, or a discount line on <c>Writer:ChargeItems:Discount</c>.</summary>
    /// <value>Default <see cref="DiscountMode.NetPrice"/>.</value>
    public DiscountMode DiscountMode { get; set; } = DiscountMode.NetPrice;

    /// <summary>A non-stock P21 item that gift-card lines are written on; empty skips them (reported on the result).</summary>
    public string? GiftCardItemId { get; set; }

    /// <summary>
    /// The order currencies (ISO 4217) this connection's P21 takes; an order in any other is parked naming its currency.
    /// P21 prices an order in its customer's currency, so list a currency only when its customers are set up in it.
    /// </summary>
    /// <value>Default <c>USD</c>.</value>
    public string[] Currencies { get; set; } = ["USD"];

    /// <summary>The Order header field the storefront's order note is written to (e.g. <c>delivery_instructions</c>); empty keeps notes off the order (reported).</summary>
    public string? NotesField { get; set; }

    /// <summary>
    /// Whether a storefront cancellation cancels the P21 order made from it (Order service, <c>cancel_flag</c>; P21
    /// refuses once lines are picked or invoiced, and the cancellation is then parked). Off, the cancellation is parked
    /// for an operator to act on in P21 and discard.
    /// </summary>
    /// <value>Default false: a cancellation reaching P21 unseen could stop a shipment someone already promised.</value>
    public bool CancelOrdersInP21 { get; set; }

    /// <summary>The source location of marketplace-fulfilled orders (an FBA location) when intake lets them through.</summary>
    public string? MarketplaceLocationId { get; set; }

    /// <summary>Platform carrier or shipping-method names mapped to P21 carrier ids (case-insensitive).</summary>
    public Dictionary<string, string> CarrierMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What to do with a requested ship date that is not after the order date.</summary>
    /// <value>Default <see cref="RequestedDatePolicy.Adjust"/>.</value>
    public RequestedDatePolicy RequestedDateBeforeOrderDate { get; set; } = RequestedDatePolicy.Adjust;

    /// <summary>Days after the order date an adjusted requested date lands on.</summary>
    /// <value>Default 1.</value>
    [Range(1, 365)]
    public int RequestedDateMinimumLeadDays { get; set; } = 1;

    /// <summary>P21 location of purchase orders when the command names none.</summary>
    /// <value>Default: the sales location.</value>
    public string? DefaultPurchaseLocationId { get; set; }

    /// <summary>
    /// The <c>po_hdr</c> column (and PurchaseOrder header field of the same name) that holds the external PO id: the
    /// lookup before a create reads it, so a redelivered command finds the PO instead of creating a second one. P21's
    /// po_hdr has no standard column for this; the default is the sandbox's <c>external_po_no</c>. On a real P21, add
    /// the column (or pick an unused text column of po_hdr exposed on the PurchaseOrder window) and name it here.
    /// </summary>
    /// <value>Default <c>external_po_no</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    public string PurchaseOrderReferenceColumn { get; set; } = "external_po_no";

    /// <summary>The CloudEvents <c>source</c> of result events.</summary>
    /// <value>Default <c>/p21-connector/writer</c>.</value>
    [Required]
    public string EventSource { get; set; } = "/p21-connector/writer";

    /// <summary>
    /// How long a processing claim on a ledger row lasts. The worker holding it renews it every third of this while it
    /// writes, so it only lapses when the worker died; then another delivery takes the command over.
    /// </summary>
    /// <value>Default 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan PendingClaimTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a delivery waits for another worker's claim on the same key before giving up with
    /// <see cref="WriteBusyException"/> (the queue then redelivers it later). Zero gives up at once.
    /// </summary>
    /// <value>Default 20 seconds (most writes finish well within it, so a duplicate delivery seldom costs a delivery attempt).</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BusyClaimWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>P21 company number of settlement journals.</summary>
    /// <value>Default <c>1</c>.</value>
    [Required]
    public string GlCompanyNo { get; set; } = "1";

    /// <summary>P21 journal id of settlement journals.</summary>
    /// <value>Default <c>GJ</c>.</value>
    [Required]
    public string GlJournalId { get; set; } = "GJ";

    /// <summary>The GL <c>source</c> of settlement journals; with the settlement id in the description it finds an entry already posted.</summary>
    /// <value>Default <c>P21CONNECTOR</c>.</value>
    [Required]
    [StringLength(40)]
    public string GlSource { get; set; } = "P21CONNECTOR";

    /// <summary>The calendar month that is fiscal period 1 (P21 periods are fiscal months).</summary>
    /// <value>Default 1 (January; the fiscal year is the calendar year).</value>
    [Range(1, 12)]
    public int FiscalYearStartMonth { get; set; } = 1;
}

/// <summary>
/// Section <c>Writer:TaxCheck</c>. P21 computes an order's tax from its ship-to's jurisdiction; the storefront computed
/// its own. After a new order is written, the P21 figure is read from <see cref="Table"/>.<see cref="Column"/> by
/// <c>order_no</c> and compared with the storefront's (the order's total tax, else the sum of its lines').
/// </summary>
public sealed class TaxCheckOptions
{
    /// <summary>The OData table or view holding the order's computed tax, keyed by <c>order_no</c>.</summary>
    /// <value>Default <c>oe_hdr</c>.</value>
    public string Table { get; set; } = "oe_hdr";

    /// <summary>The column with the order's tax (the sandbox: <c>tax_amount</c>); unset turns the check off.</summary>
    public string? Column { get; set; }

    /// <summary>The largest difference that is not flagged.</summary>
    /// <value>Default 0.05.</value>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal Tolerance { get; set; } = 0.05m;

    /// <summary>Park a written order whose tax differs, for review (a replay accepts it); else it is only reported.</summary>
    /// <value>Default false.</value>
    public bool ParkForReview { get; set; }
}
