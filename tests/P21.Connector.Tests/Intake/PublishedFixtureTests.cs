using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Intake.Sources;

namespace P21.Connector.Tests.Intake;

/// <summary>
/// The platforms' own published examples (Samples/Published, sources in SOURCES.md) read into commands: what each
/// field of the platform's payload becomes. The end-to-end write of the same files is in P21.Cli.Tests (PublishedOrderTests).
/// </summary>
public class PublishedFixtureTests
{
    private static JsonElement Load(string name) => JsonDocument.Parse(Samples.Text(Path.Combine("Published", name))).RootElement.Clone();

    private static SalesOrderCreate Parsed(ParseOutcome outcome)
    {
        Assert.Null(outcome.Rejection);
        return Assert.IsType<SalesOrderCreate>(outcome.Payload);
    }

    [Fact]
    public void Shopify_RestOrderExample_QuantitiesAfterRefundsDiscountsTaxPoAndStanding()
    {
        SalesOrderCreate order = Parsed(ShopifySource.Read(Load("shopify-order-docs.json")));

        Assert.Equal(("450789469", "ABC123", "USD"), (order.ExternalOrderId, order.PurchaseOrderNumber, order.Currency));
        // Discount and tax are given for the units first ordered; refunded units (current_quantity 0) keep none of them.
        Assert.Equal([("IPOD2008GREEN", 0m, 0m, 0m), ("IPOD2008RED", 1m, 3.33m, 3.98m), ("IPOD2008BLACK", 0m, 0m, 0m)],
            order.Lines.Select(l => (l.Sku, l.Quantity, l.Discount ?? 0m, l.Tax ?? 0m)));
        Assert.Equal(new OrderStanding("partially_refunded", PaymentState.Paid), order.Standing);
        Assert.Equal([new OrderCharge(ChargeKind.Freight, 0m, "Free Shipping", "369256396")], order.Charges);
        Assert.Equal(("Chestnut Street 92", "KY", "US"), (order.ShipTo!.Line1, order.ShipTo.Region, order.ShipTo.Country));
        Assert.Null(OrderEligibility.Refusal(order, new OrderEligibilityOptions()));
    }

    [Fact]
    public void WooCommerce_V3OrderExample_EmptySkuKeptFreightAndGuest()
    {
        SalesOrderCreate order = Parsed(WooCommerceSource.Read(Load("woocommerce-order-v3-docs.json")));

        Assert.Equal([("", 2m, 3m), ("Bar3", 1m, 12m)], order.Lines.Select(l => (l.Sku, l.Quantity, l.UnitPrice)));
        Assert.Equal([new OrderCharge(ChargeKind.Freight, 10.00m, "Flat Rate", "317")], order.Charges);
        Assert.Equal(("727", PaymentState.Paid), (order.PurchaseOrderNumber, order.Standing!.Payment));
        Assert.Null(order.Customer.PlatformCustomerId);
        Assert.Equal("john.doe@example.com", order.Customer.Email);
    }

    [Fact]
    public void BigCommerce_V2OrderExample_AwaitingPaymentIsNotWritten_FreightAndDiscountsRead()
    {
        SalesOrderCreate order = Parsed(BigCommerceSource.Read(
            Load("bigcommerce-v2-order-docs.json"), Load("bigcommerce-v2-order-products-docs.json"), Load("bigcommerce-v2-order-shipping-addresses-docs.json")));

        Assert.Equal([("S-ORAN", 1m, 55.99m, 1.59m), ("ABS", 1m, 0m, 0m)], order.Lines.Select(l => (l.Sku, l.Quantity, l.UnitPrice, l.Discount ?? 0m)));
        Assert.Equal([new OrderCharge(ChargeKind.Freight, 11.09m, "None")], order.Charges); // the example's shipping_method is the text "None"
        Assert.Equal(("Sussex St", "Texas"), (order.ShipTo!.Line1!.Split(' ', 2)[1], order.ShipTo.Region));
        Assert.Contains("2 shipping addresses", order.Notes, StringComparison.Ordinal);
        Assert.Equal(new OrderStanding("Awaiting Payment", PaymentState.Pending), order.Standing);
        Assert.Contains("not paid yet", OrderEligibility.Refusal(order, new OrderEligibilityOptions()), StringComparison.Ordinal);
    }

    [Fact]
    public void Amazon_SandboxOrderPair_UnshippedMfnWrittenTaxKept_NoRestrictedAddress()
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement>
        {
            ["order"] = Load("amazon-getorder-sandbox-test-case-200.json"),
            ["orderItems"] = Load("amazon-getorderitems-sandbox-test-case-200.json"),
        });

        SalesOrderCreate order = Parsed(AmazonSource.Read(body));

        OrderLine line = Assert.Single(order.Lines);
        Assert.Equal(("NABetaASINB00551Q3CS", 1m, 10.00m, 1.01m), (line.Sku, line.Quantity, line.UnitPrice, line.Tax));
        Assert.Equal(new OrderStanding("Unshipped", PaymentState.Paid), order.Standing);
        Assert.Null(order.ShipTo);
        Assert.Equal(("902-1845936-5435065", "Std US D2D Dom"), (order.PurchaseOrderNumber, order.ShipMethod));
    }
}
