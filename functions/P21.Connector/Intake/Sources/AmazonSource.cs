using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Settlements;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake.Sources;

/// <summary>
/// Amazon. Amazon pushes no order bodies, so our poller (or an operator) posts, signed with Standard Webhooks,
/// <c>{"order": &lt;getOrder payload&gt;, "orderItems": &lt;getOrderItems payload&gt;}</c> (each optionally still wrapped in
/// the SP-API <c>{"payload": …}</c> envelope), and settlement reports as the V2 flat file or the generic JSON form.
/// <c>ItemPrice.Amount</c> is the line total (unit price × quantity), so the unit price is derived. Pending and canceled
/// orders are read too: intake answers them without a write (<see cref="OrderEligibility"/>).
/// </summary>
internal sealed class AmazonSource(IntakeOptions options, WebhookSecrets secrets, TimeProvider time) : IIntakeSource
{
    public string Name => "amazon";

    public bool Accepts(IntakeKind kind) => kind is IntakeKind.Orders or IntakeKind.Settlements;

    public ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken) =>
        secrets.VerifyAsync(
            Name,
            options.Amazon.SecretName,
            secret => StandardWebhookSignature.Verify(request, secret, time.GetUtcNow(), options.ReplayWindow),
            cancellationToken);

    public ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        if (kind == IntakeKind.Settlements)
        {
            return ValueTask.FromResult(SettlementIntake.Parse(request, options.MaxJsonDepth));
        }

        using var document = JsonBody.Parse(request.Body, options.MaxJsonDepth);
        return ValueTask.FromResult(Read(document.RootElement));
    }

    internal static ParseOutcome Read(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var order = Unwrap(f.Object(root, "order", "", required: true));
        var itemsEnvelope = Unwrap(f.Object(root, "orderItems", "", required: true));
        if (order is not { } o || itemsEnvelope is not { } itemsRoot)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        const string P = "order";
        var id = f.String(o, "AmazonOrderId", P, required: true, maxLength: 50);
        var purchased = f.Date(o, "PurchaseDate", P, required: true);
        var latestShip = f.Date(o, "LatestShipDate", P, required: false);
        var status = f.String(o, "OrderStatus", P, false);
        var channel = f.String(o, "FulfillmentChannel", P, false);
        var total = f.Object(o, "OrderTotal", P, required: false);
        var currency = total is { } t ? f.String(t, "CurrencyCode", "order.OrderTotal", required: true, maxLength: 3) : null;
        var totalAmount = total is { } t2 ? f.Decimal(t2, "Amount", "order.OrderTotal", required: false) : null;
        var buyer = f.Object(o, "BuyerInfo", P, required: false);
        var email = buyer is { } b ? f.String(b, "BuyerEmail", "order.BuyerInfo", false) : null;
        var buyerName = buyer is { } b2 ? f.String(b2, "BuyerName", "order.BuyerInfo", false) : null;
        // The address is restricted data: without a Restricted Data Token getOrder has none. Such an order is accepted
        // and the writer parks it naming the fix, rather than a 422 that loses it.
        var shipTo = f.Object(o, "ShippingAddress", P, required: false) is { } a ? ReadAddress(f, a, "order.ShippingAddress") : null;
        var buyerPo = buyer is { } b3 ? f.String(b3, "PurchaseOrderNumber", "order.BuyerInfo", false, maxLength: 100) : null;

        var itemsOrderId = f.String(itemsRoot, "AmazonOrderId", "orderItems", false);
        if (id is not null && itemsOrderId is not null && !string.Equals(id, itemsOrderId, StringComparison.OrdinalIgnoreCase))
        {
            f.Errors.Add("orderItems.AmazonOrderId", "does not match order.AmazonOrderId.");
        }

        // getOrderItems pages with NextToken: a body holding only the first page would lose lines, so it is refused.
        if (f.String(itemsRoot, "NextToken", "orderItems", false) is not null)
        {
            f.Errors.Add("orderItems.NextToken", "is set: send every page of getOrderItems merged into one OrderItems list.");
        }

        var lines = new List<OrderLine>();
        var charges = new List<OrderCharge>();
        var items = f.Array(itemsRoot, "OrderItems", "orderItems", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "orderItems.OrderItems"))
        {
            var sku = f.Sku(item, "SellerSKU", path);
            var quantity = f.LineQuantity(item, "QuantityOrdered", path);
            var price = Money(f, item, "ItemPrice", path, ref currency, required: true);
            var discount = Money(f, item, "PromotionDiscount", path, ref currency, required: false);
            var tax = Money(f, item, "ItemTax", path, ref currency, required: false);
            var shipping = Money(f, item, "ShippingPrice", path, ref currency, required: false) - (Money(f, item, "ShippingDiscount", path, ref currency, required: false) ?? 0m);
            var giftWrap = Money(f, item, "GiftWrapPrice", path, ref currency, required: false);
            var itemId = f.String(item, "OrderItemId", path, false);
            if (quantity is not null && price is not null)
            {
                // ItemPrice is the line total; a canceled line (quantity 0) has none to divide.
                var unit = quantity.Value > 0 ? decimal.Round(price.Value / quantity.Value, 4) : 0m;
                lines.Add(new OrderLine(
                    sku, quantity.Value, unit, f.String(item, "Title", path, false, maxLength: 500),
                    ExtendedPrice: price.Value, PlatformLineId: itemId, Discount: discount is 0 ? null : discount, Tax: tax));
            }

            if (shipping is { } freight and not 0)
            {
                charges.Add(new OrderCharge(ChargeKind.Freight, freight, f.String(o, "ShipServiceLevel", P, false), itemId));
            }

            if (giftWrap is { } wrap and not 0)
            {
                charges.Add(new OrderCharge(ChargeKind.GiftWrap, wrap, "Gift wrap", itemId));
            }
        }

        if (currency is null)
        {
            f.Errors.Add("order.OrderTotal.CurrencyCode", "is required (or ItemPrice.CurrencyCode on the items).");
        }

        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var payload = new SalesOrderCreate(
            id!,
            purchased!.Value,
            latestShip,
            new OrderCustomer(email, buyerName ?? shipTo?.Name, shipTo?.Phone, null, shipTo?.Company),
            null,
            shipTo,
            lines,
            currency!.ToUpperInvariant(),
            null,
            new OrderTotals(null, charges.Where(c => c.Kind == ChargeKind.Freight).Sum(c => c.Amount), lines.Sum(l => l.Tax ?? 0m), null, totalAmount),
            PurchaseOrderNumber: buyerPo ?? id,
            Charges: charges,
            Standing: Standing(status, channel),
            ShipMethod: f.String(o, "ShipServiceLevel", P, false));
        return ParseOutcome.Parsed(payload, id!);
    }

    // OrderStatus: PendingAvailability, Pending, Unshipped, PartiallyShipped, Shipped, InvoiceUnconfirmed, Canceled,
    // Unfulfillable. Amazon charges the buyer before an order turns Unshipped.
    private static OrderStanding Standing(string? status, string? channel)
    {
        var payment = status switch
        {
            "Unshipped" or "PartiallyShipped" or "Shipped" or "InvoiceUnconfirmed" => PaymentState.Paid,
            "Pending" or "PendingAvailability" => PaymentState.Pending,
            _ => PaymentState.Unknown,
        };
        return new OrderStanding(status, payment, Cancelled: status is "Canceled" or "Unfulfillable",
            FulfilledByMarketplace: string.Equals(channel, "AFN", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A <c>{CurrencyCode, Amount}</c> member; every amount of an order must be in one currency.</summary>
    private static decimal? Money(JsonFields f, JsonElement item, string name, string path, ref string? currency, bool required)
    {
        if (f.Object(item, name, path, required) is not { } money)
        {
            return null;
        }

        var moneyPath = JsonFields.Join(path, name);
        var code = f.String(money, "CurrencyCode", moneyPath, false);
        currency ??= code;
        if (code is not null && !string.Equals(code, currency, StringComparison.OrdinalIgnoreCase))
        {
            f.Errors.Add(JsonFields.Join(moneyPath, "CurrencyCode"), $"'{code}' differs from the order currency '{currency}'.");
        }

        return f.Decimal(money, "Amount", moneyPath, required: true);
    }

    private static JsonElement? Unwrap(JsonElement? element) =>
        element is { } e && JsonFields.Member(e, "payload") is { ValueKind: JsonValueKind.Object } inner ? inner : element;

    private static PostalAddress ReadAddress(JsonFields f, JsonElement a, string path) =>
        new(
            f.String(a, "Name", path, false),
            f.String(a, "CompanyName", path, false),
            f.String(a, "AddressLine1", path, false),
            f.String(a, "AddressLine2", path, false),
            f.String(a, "AddressLine3", path, false),
            f.String(a, "City", path, false),
            f.String(a, "StateOrRegion", path, false),
            f.String(a, "PostalCode", path, false),
            f.String(a, "CountryCode", path, false),
            f.String(a, "Phone", path, false),
            null);
}
