using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Inbound.Signatures;

namespace P21.Connector.Inbound.Sources;

/// <summary>
/// WooCommerce <c>order.created</c> webhooks (the REST API v3 order resource). <c>line_items[].price</c> is a number,
/// totals are decimal strings; <c>date_created_gmt</c> is UTC without an offset.
/// </summary>
internal sealed class WooCommerceSource(IntakeOptions options, WebhookSecrets secrets) : IIntakeSource
{
    public string Name => "woocommerce";

    public bool Accepts(IntakeKind kind) => kind == IntakeKind.Orders;

    public ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken) =>
        secrets.VerifyAsync(Name, options.WooCommerce.SecretName, secret => WooCommerceSignature.Verify(request, secret), cancellationToken);

    public ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        var topic = request.Header(WooCommerceSignature.TopicHeader);
        if (topic is not null && !string.Equals(topic.Trim(), "order.created", StringComparison.OrdinalIgnoreCase))
        {
            var errors = new FieldErrors();
            errors.Add(WooCommerceSignature.TopicHeader, $"topic '{JsonFields.Clip(topic)}' is not accepted here; subscribe order.created.");
            return ValueTask.FromResult(ParseOutcome.Invalid(errors));
        }

        using var document = JsonBody.Parse(request.Body, options.MaxJsonDepth);
        return ValueTask.FromResult(Read(document.RootElement));
    }

    /// <summary>
    /// WooCommerce "pings" a new webhook's URL with an unsigned form body <c>webhook_id=N</c> and refuses to save the
    /// webhook unless it gets a 2xx, so intake acknowledges exactly that shape with 200 and writes nothing.
    /// </summary>
    public static bool IsPing(IntakeRequest request)
    {
        if (request.Body.Length is 0 or > 64 || request.Header(WooCommerceSignature.SignatureHeader) is not null)
        {
            return false;
        }

        var text = System.Text.Encoding.ASCII.GetString(request.Body.Span);
        const string Prefix = "webhook_id=";
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && text.Length > Prefix.Length
            && text.AsSpan(Prefix.Length).ContainsAnyExceptInRange('0', '9') is false;
    }

    internal static ParseOutcome Read(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(root, "id", "", required: true);
        var created = f.Date(root, "date_created_gmt", "", required: false) ?? f.Date(root, "date_created", "", required: true);
        var currency = f.String(root, "currency", "", required: true, maxLength: 3);
        var billing = ReadAddress(f, root, "billing");
        var shipping = ReadAddress(f, root, "shipping");
        var customerId = f.String(root, "customer_id", "", false);
        if (customerId == "0")
        {
            customerId = null; // a guest checkout
        }

        if (billing?.Email is null && customerId is null)
        {
            f.Errors.Add("billing.email", "is required for a guest order.");
        }

        var lines = new List<OrderLine>();
        var items = f.Array(root, "line_items", "", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "line_items"))
        {
            var sku = f.String(item, "sku", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "quantity", path);
            var subtotal = f.Decimal(item, "subtotal", path, required: false);
            var price = f.Decimal(item, "price", path, required: subtotal is null);
            var name = f.String(item, "name", path, false);
            var lineId = f.String(item, "id", path, false);
            if (sku is null || quantity is null)
            {
                continue;
            }

            // price is rounded by WooCommerce; subtotal (before discounts) / quantity keeps the exact unit price.
            var unit = price ?? decimal.Round(subtotal!.Value / quantity.Value, 4);
            lines.Add(new OrderLine(sku, quantity.Value, unit, name, subtotal, lineId));
        }

        var totals = new OrderTotals(
            null,
            f.Decimal(root, "shipping_total", "", false),
            f.Decimal(root, "total_tax", "", false),
            f.Decimal(root, "discount_total", "", false),
            f.Decimal(root, "total", "", false));
        var note = f.String(root, "customer_note", "", false, maxLength: 4000);
        var number = f.String(root, "number", "", false);
        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var order = new SalesOrderCreate(
            id!,
            created!.Value,
            null,
            new OrderCustomer(billing?.Email, billing?.Name, billing?.Phone, customerId, billing?.Company),
            billing,
            shipping,
            lines,
            currency!.ToUpperInvariant(),
            note,
            totals,
            number);
        return ParseOutcome.Parsed(order, id!);
    }

    private static PostalAddress? ReadAddress(JsonFields f, JsonElement root, string name)
    {
        if (f.Object(root, name, "", required: false) is not { } a)
        {
            return null;
        }

        return new PostalAddress(
            ShopifySource.FullName(f.String(a, "first_name", name, false), f.String(a, "last_name", name, false)),
            f.String(a, "company", name, false),
            f.String(a, "address_1", name, false),
            f.String(a, "address_2", name, false),
            null,
            f.String(a, "city", name, false),
            f.String(a, "state", name, false),
            f.String(a, "postcode", name, false),
            f.String(a, "country", name, false),
            f.String(a, "phone", name, false),
            f.String(a, "email", name, false));
    }
}
