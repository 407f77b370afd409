using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Inbound.Signatures;

namespace P21.Connector.Inbound.Sources;

/// <summary>
/// Shopify <c>orders/create</c> webhooks (the REST order resource as JSON). Money arrives as decimal strings;
/// <c>id</c> is the external order id (stable across retries), <c>name</c> (e.g. <c>#1001</c>) the customer's PO reference.
/// </summary>
internal sealed class ShopifySource(IntakeOptions options, WebhookSecrets secrets, TimeProvider time) : IIntakeSource
{
    private static readonly HashSet<string> OrderTopics = new(StringComparer.OrdinalIgnoreCase) { "orders/create", "orders/paid" };

    public string Name => "shopify";

    public bool Accepts(IntakeKind kind) => kind == IntakeKind.Orders;

    public ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken) =>
        secrets.VerifyAsync(
            Name,
            options.Shopify.SecretName,
            secret => ShopifySignature.Verify(request, secret, time.GetUtcNow(), options.Shopify.ReplayWindow),
            cancellationToken);

    public ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        var topic = request.Header(ShopifySignature.TopicHeader);
        if (topic is not null && !OrderTopics.Contains(topic.Trim()))
        {
            var errors = new FieldErrors();
            errors.Add(ShopifySignature.TopicHeader, $"topic '{JsonFields.Clip(topic)}' is not accepted here; subscribe orders/create.");
            return ValueTask.FromResult(ParseOutcome.Invalid(errors));
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

        var id = f.String(root, "id", "", required: true);
        var createdAt = f.Date(root, "created_at", "", required: true);
        var currency = f.String(root, "currency", "", required: true, maxLength: 3);
        var customerElement = f.Object(root, "customer", "", required: false);
        var billing = ReadAddress(f, root, "billing_address");
        var shipping = ReadAddress(f, root, "shipping_address");

        string? customerName = null;
        string? customerId = null;
        string? customerPhone = null;
        string? customerEmail = null;
        if (customerElement is { } customer)
        {
            customerId = f.String(customer, "id", "customer", required: false);
            customerName = FullName(f.String(customer, "first_name", "customer", false), f.String(customer, "last_name", "customer", false));
            customerPhone = f.String(customer, "phone", "customer", false);
            customerEmail = f.String(customer, "email", "customer", false);
        }

        var email = f.String(root, "email", "", required: false) ?? f.String(root, "contact_email", "", false) ?? customerEmail;
        var phone = f.String(root, "phone", "", false) ?? customerPhone ?? billing?.Phone;
        if (email is null && customerId is null)
        {
            f.Errors.Add("email", "is required when the order has no customer.");
        }

        var lines = new List<OrderLine>();
        var items = f.Array(root, "line_items", "", required: true, nonEmpty: true);
        for (var i = 0; i < items.Count; i++)
        {
            var path = JsonFields.Index("line_items", i);
            var item = items[i];
            if (item.ValueKind != JsonValueKind.Object)
            {
                f.Errors.Add(path, "must be an object.");
                continue;
            }

            var sku = f.String(item, "sku", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "quantity", path);
            var price = f.Decimal(item, "price", path, required: true);
            var title = f.String(item, "name", path, false) ?? f.String(item, "title", path, false);
            var lineId = f.String(item, "id", path, false);
            if (sku is not null && quantity is not null && price is not null)
            {
                lines.Add(new OrderLine(sku, quantity.Value, price.Value, title, PlatformLineId: lineId));
            }
        }

        var totals = new OrderTotals(
            f.Decimal(root, "subtotal_price", "", false),
            ShippingTotal(f, root),
            f.Decimal(root, "total_tax", "", false),
            f.Decimal(root, "total_discounts", "", false),
            f.Decimal(root, "total_price", "", false));

        var note = f.String(root, "note", "", false, maxLength: 4000);
        var poNumber = f.String(root, "name", "", false);
        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var order = new SalesOrderCreate(
            id!,
            createdAt!.Value,
            RequestedShipDate: null,
            new OrderCustomer(email, customerName ?? billing?.Name, phone, customerId, billing?.Company ?? shipping?.Company),
            billing,
            shipping,
            lines,
            currency!.ToUpperInvariant(),
            note,
            totals,
            PurchaseOrderNumber: poNumber);
        return ParseOutcome.Parsed(order, id!);
    }

    private static decimal? ShippingTotal(JsonFields f, JsonElement root)
    {
        // total_shipping_price_set.shop_money.amount is the order's shipping in shop currency.
        var set = JsonFields.Member(root, "total_shipping_price_set");
        if (set is { ValueKind: JsonValueKind.Object } && JsonFields.Member(set.Value, "shop_money") is { ValueKind: JsonValueKind.Object } money)
        {
            return f.Decimal(money, "amount", "total_shipping_price_set.shop_money", false);
        }

        return null;
    }

    private static PostalAddress? ReadAddress(JsonFields f, JsonElement root, string name)
    {
        if (f.Object(root, name, "", required: false) is not { } a)
        {
            return null;
        }

        return new PostalAddress(
            f.String(a, "name", name, false) ?? FullName(f.String(a, "first_name", name, false), f.String(a, "last_name", name, false)),
            f.String(a, "company", name, false),
            f.String(a, "address1", name, false),
            f.String(a, "address2", name, false),
            null,
            f.String(a, "city", name, false),
            f.String(a, "province_code", name, false) ?? f.String(a, "province", name, false),
            f.String(a, "zip", name, false),
            f.String(a, "country_code", name, false) ?? f.String(a, "country", name, false),
            f.String(a, "phone", name, false),
            null);
    }

    internal static string? FullName(string? first, string? last) =>
        (first, last) switch
        {
            (null, null) => null,
            (null, _) => last,
            (_, null) => first,
            _ => $"{first} {last}",
        };
}
