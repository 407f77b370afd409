using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake.Sources;

/// <summary>
/// A feed that sends our canonical JSON (docs/inbound.md, "Generic schema") signed with Standard Webhooks: Clarity
/// eCommerce, an in-house storefront, a middleware flow. One instance per configured source name.
/// </summary>
internal sealed class GenericSource(string name, string secretName, IntakeOptions options, WebhookSecrets secrets, TimeProvider time) : IIntakeSource
{
    public string Name { get; } = name.Trim().ToLowerInvariant();

    public bool Accepts(IntakeKind kind) => true;

    public ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken) =>
        secrets.VerifyAsync(
            Name,
            secretName,
            secret => StandardWebhookSignature.Verify(request, secret, time.GetUtcNow(), options.ReplayWindow),
            cancellationToken);

    public ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        if (kind == IntakeKind.Settlements)
        {
            return ValueTask.FromResult(Settlements.SettlementIntake.Parse(request, options.MaxJsonDepth));
        }

        using var document = JsonBody.Parse(request.Body, options.MaxJsonDepth);
        var outcome = kind switch
        {
            IntakeKind.Orders => ReadOrder(document.RootElement),
            IntakeKind.Customers => ReadCustomer(document.RootElement),
            IntakeKind.PurchaseOrders => ReadPurchaseOrder(document.RootElement),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return ValueTask.FromResult(outcome);
    }

    internal static ParseOutcome ReadOrder(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(root, "externalId", "", required: true, maxLength: 100);
        var orderDate = f.Date(root, "orderDate", "", required: true);
        var shipDate = f.Date(root, "requestedShipDate", "", required: false);
        var currency = f.String(root, "currency", "", required: true, maxLength: 3);
        var customer = f.Object(root, "customer", "", required: true) is { } c
            ? new OrderCustomer(
                f.String(c, "email", "customer", false),
                f.String(c, "name", "customer", false),
                f.String(c, "phone", "customer", false),
                f.String(c, "platformCustomerId", "customer", false),
                f.String(c, "company", "customer", false))
            : null;
        if (customer is { Email: null, PlatformCustomerId: null })
        {
            f.Errors.Add("customer", "needs an email or a platformCustomerId to be matched to a P21 customer.");
        }

        var billTo = ReadAddress(f, root, "billTo", required: false);
        var shipTo = ReadAddress(f, root, "shipTo", required: true);
        var lines = ReadOrderLines(f, root);
        var notes = f.String(root, "notes", "", false, maxLength: 4000);
        var po = f.String(root, "purchaseOrderNumber", "", false, maxLength: 50);
        OrderTotals? totals = f.Object(root, "totals", "", false) is { } t
            ? new OrderTotals(
                f.Decimal(t, "subtotal", "totals", false),
                f.Decimal(t, "shipping", "totals", false),
                f.Decimal(t, "tax", "totals", false),
                f.Decimal(t, "discount", "totals", false),
                f.Decimal(t, "total", "totals", false))
            : null;
        if (shipDate is { } s && orderDate is { } o && s < o)
        {
            f.Errors.Add("requestedShipDate", "must not be before orderDate.");
        }

        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        return ParseOutcome.Parsed(
            new SalesOrderCreate(id!, orderDate!.Value, shipDate, customer!, billTo, shipTo, lines, currency!.ToUpperInvariant(), notes, totals, po),
            id!);
    }

    internal static ParseOutcome ReadCustomer(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(root, "externalId", "", required: true, maxLength: 100);
        var name = f.String(root, "name", "", required: true, maxLength: 255);
        var email = f.String(root, "email", "", false);
        var phone = f.String(root, "phone", "", false);
        var company = f.String(root, "company", "", false);
        var mailing = ReadAddress(f, root, "mailingAddress", required: false);
        var shipTos = new List<PostalAddress>();
        var items = f.Array(root, "shipTos", "", required: false);
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadAddressObject(f, items[i], JsonFields.Index("shipTos", i)) is { } a)
            {
                shipTos.Add(a);
            }
        }

        var p21Id = f.String(root, "p21CustomerId", "", false, maxLength: 20);
        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        return ParseOutcome.Parsed(new CustomerUpsert(id!, name!, email, phone, company, mailing, shipTos, p21Id), id!);
    }

    internal static ParseOutcome ReadPurchaseOrder(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(root, "externalId", "", required: true, maxLength: 100);
        var vendor = f.String(root, "vendorId", "", required: true, maxLength: 20);
        var location = f.String(root, "locationId", "", required: true, maxLength: 20);
        var expected = f.Date(root, "expectedDate", "", false);
        var notes = f.String(root, "notes", "", false, maxLength: 4000);
        var lines = new List<PurchaseOrderLine>();
        var items = f.Array(root, "lines", "", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "lines"))
        {
            var sku = f.String(item, "sku", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "quantity", path);
            var cost = f.Decimal(item, "unitCost", path, false);
            var description = f.String(item, "description", path, false);
            if (sku is not null && quantity is not null)
            {
                lines.Add(new PurchaseOrderLine(sku, quantity.Value, cost, description));
            }
        }

        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        return ParseOutcome.Parsed(new PurchaseOrderCreate(id!, vendor!, location!, expected, lines, notes), id!);
    }

    private static List<OrderLine> ReadOrderLines(JsonFields f, JsonElement root)
    {
        var lines = new List<OrderLine>();
        var items = f.Array(root, "lines", "", required: true, nonEmpty: true);
        foreach ((var path, var item) in f.Objects(items, "lines"))
        {
            var sku = f.String(item, "sku", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "quantity", path);
            var price = f.Decimal(item, "unitPrice", path, required: true);
            if (price is < 0)
            {
                f.Errors.Add(JsonFields.Join(path, "unitPrice"), "must not be negative.");
            }

            var description = f.String(item, "description", path, false, maxLength: 500);
            var lineId = f.String(item, "lineId", path, false);
            if (sku is not null && quantity is not null && price is >= 0)
            {
                lines.Add(new OrderLine(sku, quantity.Value, price.Value, description, PlatformLineId: lineId));
            }
        }

        return lines;
    }

    private static PostalAddress? ReadAddress(JsonFields f, JsonElement root, string name, bool required) =>
        f.Object(root, name, "", required) is { } a ? ReadAddressObject(f, a, name) : null;

    private static PostalAddress? ReadAddressObject(JsonFields f, JsonElement a, string path)
    {
        if (a.ValueKind != JsonValueKind.Object)
        {
            f.Errors.Add(path, "must be an object.");
            return null;
        }

        return new PostalAddress(
            f.String(a, "name", path, false),
            f.String(a, "company", path, false),
            f.String(a, "line1", path, false),
            f.String(a, "line2", path, false),
            f.String(a, "line3", path, false),
            f.String(a, "city", path, false),
            f.String(a, "region", path, false),
            f.String(a, "postalCode", path, false),
            f.String(a, "country", path, false, maxLength: 2),
            f.String(a, "phone", path, false),
            f.String(a, "email", path, false));
    }
}
