using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake.Sources;

/// <summary>
/// Shopify order webhooks (<c>orders/create</c>, <c>orders/updated</c>, …: the REST order resource as JSON). Money arrives
/// as decimal strings; <c>id</c> is the external order id (stable across retries and topics); <c>po_number</c> (else
/// <c>name</c>, e.g. <c>#1001</c>) goes to P21's <c>po_no</c>.
/// </summary>
internal sealed class ShopifySource(IntakeOptions options, WebhookSecrets secrets, TimeProvider time) : IIntakeSource
{
    // orders/updated, orders/paid and orders/cancelled carry the same order resource: an order first delivered unpaid
    // is written when its payment arrives (same idempotency key, so once), and a cancellation is recorded.
    private static readonly HashSet<string> OrderTopics = new(StringComparer.OrdinalIgnoreCase)
    {
        "orders/create", "orders/paid", "orders/updated", "orders/cancelled", "orders/fulfilled", "orders/partially_fulfilled",
    };

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
            errors.Add(ShopifySignature.TopicHeader, $"topic '{JsonFields.Clip(topic)}' is not accepted here; subscribe orders/create and orders/updated.");
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

        // A POS or draft order may have no e-mail and no customer: it is accepted, and the writer uses the source's
        // house customer or parks it with the fix.
        var email = f.String(root, "email", "", required: false) ?? f.String(root, "contact_email", "", false) ?? customerEmail;
        var phone = f.String(root, "phone", "", false) ?? customerPhone ?? billing?.Phone;

        var lines = new List<OrderLine>();
        var items = f.Array(root, "line_items", "", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "line_items"))
        {
            var sku = f.Sku(item, "sku", path);
            // current_quantity (API 2023-01+) is what is left after edits and removals; quantity is what was first ordered.
            var ordered = f.LineQuantity(item, "quantity", path);
            var quantity = JsonFields.Member(item, "current_quantity") is not null ? f.LineQuantity(item, "current_quantity", path) : ordered;
            var price = f.Decimal(item, "price", path, required: true);
            var title = f.String(item, "name", path, false) ?? f.String(item, "title", path, false);
            var lineId = f.String(item, "id", path, false);
            var discount = LineAmounts.ForUnitsLeft(f.SumOf(item, "discount_allocations", "amount", path) ?? f.Decimal(item, "total_discount", path, false), quantity, ordered);
            var tax = LineAmounts.ForUnitsLeft(f.SumOf(item, "tax_lines", "price", path), quantity, ordered);
            var kind = f.Boolean(item, "gift_card", path) ? OrderLineKind.GiftCard : OrderLineKind.Product;
            if (quantity is not null && price is not null)
            {
                lines.Add(new OrderLine(sku, quantity.Value, price.Value, title, PlatformLineId: lineId, Discount: discount is 0 ? null : discount, Tax: tax, Kind: kind));
            }
        }

        var charges = new List<OrderCharge>();
        foreach ((var path, var line) in f.Objects(f.Array(root, "shipping_lines", "", required: false), "shipping_lines"))
        {
            // discounted_price is the shipping line after shipping discounts; older payloads send only price + allocations.
            var price = f.Decimal(line, "discounted_price", path, false)
                ?? (f.Decimal(line, "price", path, required: true) - (f.SumOf(line, "discount_allocations", "amount", path) ?? 0m));
            if (price is not null)
            {
                charges.Add(new OrderCharge(ChargeKind.Freight, price.Value, f.String(line, "title", path, false), f.String(line, "id", path, false)));
            }
        }

        var totals = new OrderTotals(
            f.Decimal(root, "subtotal_price", "", false),
            ShippingTotal(f, root),
            f.Decimal(root, "total_tax", "", false),
            f.Decimal(root, "total_discounts", "", false),
            f.Decimal(root, "total_price", "", false));

        var note = f.String(root, "note", "", false, maxLength: 4000);
        var poNumber = f.String(root, "po_number", "", false, maxLength: 100) ?? f.String(root, "name", "", false);
        var standing = Standing(f, root);
        var shipMethod = charges.Count > 0 ? charges[0].Description : null;
        var taxesIncluded = f.Boolean(root, "taxes_included", "");
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
            PurchaseOrderNumber: poNumber,
            Charges: charges,
            Standing: standing,
            ShipMethod: shipMethod,
            TaxesIncluded: taxesIncluded);
        return ParseOutcome.Parsed(order, id!);
    }

    // financial_status: pending, authorized, partially_paid, paid, partially_refunded, refunded, voided.
    private static OrderStanding Standing(JsonFields f, JsonElement root)
    {
        var status = f.String(root, "financial_status", "", false)?.ToLowerInvariant();
        var payment = status switch
        {
            "paid" or "partially_refunded" => PaymentState.Paid,
            "authorized" => PaymentState.Authorized,
            "pending" or "partially_paid" => PaymentState.Pending,
            "refunded" or "voided" => PaymentState.Failed,
            _ => PaymentState.Unknown,
        };
        var cancelled = f.String(root, "cancelled_at", "", false) is not null || status == "voided";
        return new OrderStanding(status, payment, cancelled, f.Boolean(root, "test", ""));
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
