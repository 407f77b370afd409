using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake.Sources;

/// <summary>
/// WooCommerce <c>order.created</c> and <c>order.updated</c> webhooks (the REST API v3 order resource). <c>line_items[].price</c> is a number,
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
        // order.updated carries the same order: an order first delivered pending is written when it turns processing.
        if (topic is not null && !topic.Trim().Equals("order.created", StringComparison.OrdinalIgnoreCase)
            && !topic.Trim().Equals("order.updated", StringComparison.OrdinalIgnoreCase))
        {
            var errors = new FieldErrors();
            errors.Add(WooCommerceSignature.TopicHeader, $"topic '{JsonFields.Clip(topic)}' is not accepted here; subscribe order.created and order.updated.");
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

        var lines = new List<OrderLine>();
        var items = f.Array(root, "line_items", "", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "line_items"))
        {
            var sku = f.Sku(item, "sku", path);
            var quantity = f.LineQuantity(item, "quantity", path);
            var subtotal = f.Decimal(item, "subtotal", path, required: false);
            var total = f.Decimal(item, "total", path, required: false);
            var price = f.Decimal(item, "price", path, required: subtotal is null);
            var name = f.String(item, "name", path, false);
            var lineId = f.String(item, "id", path, false);
            var tax = f.Decimal(item, "total_tax", path, false);
            if (quantity is null || (price is null && subtotal is null))
            {
                continue;
            }

            // subtotal is the line before coupons and total after them; price is rounded by WooCommerce, so
            // subtotal / quantity keeps the exact unit price.
            var unit = subtotal is { } s && quantity.Value > 0 ? decimal.Round(s / quantity.Value, 4) : price ?? 0m;
            var discount = subtotal is { } before && total is { } after && before > after ? before - after : (decimal?)null;
            lines.Add(new OrderLine(sku, quantity.Value, unit, name, subtotal, lineId, discount, tax));
        }

        var charges = new List<OrderCharge>();
        foreach ((var path, var line) in f.Objects(f.Array(root, "shipping_lines", "", required: false), "shipping_lines"))
        {
            if (f.Decimal(line, "total", path, required: true) is { } amount)
            {
                charges.Add(new OrderCharge(ChargeKind.Freight, amount, f.String(line, "method_title", path, false), f.String(line, "id", path, false)));
            }
        }

        foreach ((var path, var line) in f.Objects(f.Array(root, "fee_lines", "", required: false), "fee_lines"))
        {
            if (f.Decimal(line, "total", path, required: true) is { } amount)
            {
                charges.Add(new OrderCharge(ChargeKind.Fee, amount, f.String(line, "name", path, false), f.String(line, "id", path, false)));
            }
        }

        var totals = new OrderTotals(
            null,
            f.Decimal(root, "shipping_total", "", false),
            f.Decimal(root, "total_tax", "", false),
            f.Decimal(root, "discount_total", "", false),
            f.Decimal(root, "total", "", false));
        var note = f.String(root, "customer_note", "", false, maxLength: 4000);
        var number = f.String(root, "number", "", false);
        var status = f.String(root, "status", "", false)?.ToLowerInvariant();
        var taxesIncluded = f.Boolean(root, "prices_include_tax", "");
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
            number,
            Charges: charges,
            Standing: Standing(status),
            ShipMethod: charges.FirstOrDefault(c => c.Kind == ChargeKind.Freight)?.Description,
            TaxesIncluded: taxesIncluded);
        return ParseOutcome.Parsed(order, id!);
    }

    // Order statuses of WooCommerce core: pending (awaiting payment), processing (paid), on-hold (awaiting a manual
    // payment), completed, cancelled, refunded, failed, trash, checkout-draft.
    private static OrderStanding Standing(string? status)
    {
        var payment = status switch
        {
            "processing" or "completed" => PaymentState.Paid,
            "pending" or "on-hold" or "checkout-draft" => PaymentState.Pending,
            "failed" or "refunded" => PaymentState.Failed,
            "cancelled" or "trash" => PaymentState.Unknown,
            _ => PaymentState.Unknown,
        };
        return new OrderStanding(status, payment, Cancelled: status is "cancelled" or "refunded" or "trash" or "failed");
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
