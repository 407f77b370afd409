using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Inbound.Signatures;
using P21.Connector.Settle;

namespace P21.Connector.Inbound.Sources;

/// <summary>
/// Amazon. Amazon pushes no order bodies, so our poller (or an operator) posts, signed with Standard Webhooks,
/// <c>{"order": &lt;getOrder payload&gt;, "orderItems": &lt;getOrderItems payload&gt;}</c> (each optionally still wrapped in
/// the SP-API <c>{"payload": …}</c> envelope), and settlement reports as the V2 flat file or the generic JSON form.
/// <c>ItemPrice.Amount</c> is the line total (unit price × quantity), so the unit price is derived.
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
        if (status is "Canceled" or "Pending")
        {
            // Pending orders have no address or final items yet; canceled ones must not reach P21.
            f.Errors.Add("order.OrderStatus", $"'{status}' orders are not accepted; send Unshipped or later.");
        }

        var total = f.Object(o, "OrderTotal", P, required: false);
        var currency = total is { } t ? f.String(t, "CurrencyCode", "order.OrderTotal", required: true, maxLength: 3) : null;
        var totalAmount = total is { } t2 ? f.Decimal(t2, "Amount", "order.OrderTotal", required: false) : null;
        var buyer = f.Object(o, "BuyerInfo", P, required: false);
        var email = buyer is { } b ? f.String(b, "BuyerEmail", "order.BuyerInfo", false) : null;
        var buyerName = buyer is { } b2 ? f.String(b2, "BuyerName", "order.BuyerInfo", false) : null;
        var shipTo = f.Object(o, "ShippingAddress", P, required: true) is { } a ? ReadAddress(f, a, "order.ShippingAddress") : null;

        var itemsOrderId = f.String(itemsRoot, "AmazonOrderId", "orderItems", false);
        if (id is not null && itemsOrderId is not null && !string.Equals(id, itemsOrderId, StringComparison.OrdinalIgnoreCase))
        {
            f.Errors.Add("orderItems.AmazonOrderId", "does not match order.AmazonOrderId.");
        }

        var lines = new List<OrderLine>();
        var items = f.Array(itemsRoot, "OrderItems", "orderItems", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "orderItems.OrderItems"))
        {
            var sku = f.String(item, "SellerSKU", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "QuantityOrdered", path);
            var price = f.Object(item, "ItemPrice", path, required: true) is { } money
                ? f.Decimal(money, "Amount", JsonFields.Join(path, "ItemPrice"), required: true)
                : null;
            var itemCurrency = f.Object(item, "ItemPrice", path, false) is { } m2 ? f.String(m2, "CurrencyCode", JsonFields.Join(path, "ItemPrice"), false) : null;
            currency ??= itemCurrency;
            if (itemCurrency is not null && currency is not null && !string.Equals(itemCurrency, currency, StringComparison.OrdinalIgnoreCase))
            {
                f.Errors.Add(JsonFields.Join(path, "ItemPrice.CurrencyCode"), $"'{itemCurrency}' differs from the order currency '{currency}'.");
            }

            if (sku is not null && quantity is not null && price is not null)
            {
                lines.Add(new OrderLine(
                    sku, quantity.Value, decimal.Round(price.Value / quantity.Value, 4), f.String(item, "Title", path, false, maxLength: 500),
                    ExtendedPrice: price.Value, PlatformLineId: f.String(item, "OrderItemId", path, false)));
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
            new OrderTotals(null, null, null, null, totalAmount),
            PurchaseOrderNumber: id);
        return ParseOutcome.Parsed(payload, id!);
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
