using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Cli.Tests;

/// <summary>
/// The platforms' own published order examples (tests/P21.Connector.Tests/Samples/Published, sources in SOURCES.md) go
/// through <c>p21 orders submit</c> (signature, intake, writer) into the sandbox, and the P21 order is read back over
/// OData as an auditor would: customer, ship-to address, lines at net prices, charges, PO.
/// </summary>
public sealed class PublishedOrderTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string AmazonSecret = "whsec_cHVibGlzaGVkLWFtYXpvbi1maXh0dXJlLWtleQ==";

    private static string Published(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Published", name));

    private static string Settings() => TestFiles.Write($$"""
        {
          "Secrets": { "webhook-shopify": "{{TestFiles.ShopifySecret}}", "webhook-woocommerce": "woo-published", "webhook-amazon": "{{AmazonSecret}}" },
          "Writer": {
            "DefaultSalesLocationId": "10", "DefaultSalesrepId": "SR01", "DefaultBranch": "10",
            "ChargeItems": { "Freight": "FREIGHT", "Fee": "FEE" },
            "NotesField": "delivery_instructions",
            "CarrierMap": { "Flat Rate": "9001" }
          }
        }
        """);

    private string[] Options(string connection, string settings) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", settings];

    // Mappings and ledger live in Table Storage (Azurite), as they would for an operator: map the published SKUs, then submit.
    private async Task<(CliResult Result, JsonElement Report)> SubmitAsync(string source, string payload, params (string Sku, string ItemId)[] skus)
    {
        string connection = "p" + Guid.NewGuid().ToString("N")[..12];
        string[] options = Options(connection, Settings());
        string csv = "kind,source,key,value\n" + string.Concat(skus.Select(s => $"sku,{source},{s.Sku},\"{s.ItemId}\"\n"));
        CliResult imported = await CliRun.RunAsync(["mappings", "import", TestFiles.Write(csv, ".csv"), .. options]);
        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
        CliResult result = await CliRun.RunAsync(["orders", "submit", "--source", source, "--file", TestFiles.Write(payload), "--json", .. options]);
        using JsonDocument report = JsonDocument.Parse(result.Output);
        return (result, report.RootElement.Clone());
    }

    private async Task<(JsonElement Header, List<JsonElement> Lines)> P21OrderAsync(string webReference)
    {
        JsonElement header = Assert.Single(await sandbox.ODataAsync($"oe_hdr?$filter=web_reference_no eq '{webReference}'"));
        List<JsonElement> lines = await sandbox.ODataAsync($"oe_line?$filter=order_no eq '{header.GetProperty("order_no").GetString()}'&$orderby=line_no");
        return (header, lines);
    }

    private async Task<string[]> ItemsAsync(int count) =>
        [.. (await sandbox.ODataAsync($"inv_mast?$filter=delete_flag eq 'N' and item_id ne 'FREIGHT' and item_id ne 'FEE' and item_id ne 'HANDLING' and item_id ne 'GIFTWRAP' and item_id ne 'GIFTCARD'&$select=item_id&$orderby=item_id&$top={count}"))
            .Select(r => r.GetProperty("item_id").GetString()!)];

    private static string Text(JsonElement row, string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? "" : row.GetProperty(column).ToString();

    [Fact]
    public async Task ShopifyRestOrderExample_RefundedLinesLeftOut_DiscountNetted_PoAndShipToAsSold()
    {
        // shopify-app-js order.test.ts (REST Admin reference example): 3 iPods, two refunded (current_quantity 0), one 10.00 discount spread over them.
        string[] items = await ItemsAsync(3);
        string payload = Published("shopify-order-docs.json").Replace("\"id\": 450789469", $"\"id\": {TestFiles.NewOrderId()}", StringComparison.Ordinal);
        string id = JsonNode.Parse(payload)!["id"]!.ToString();

        (CliResult result, JsonElement report) = await SubmitAsync("shopify", payload, ("IPOD2008GREEN", items[0]), ("IPOD2008RED", items[1]), ("IPOD2008BLACK", items[2]));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("committed", report.GetProperty("status").GetString());
        (JsonElement header, List<JsonElement> lines) = await P21OrderAsync(id);
        Assert.Equal("ABC123", Text(header, "po_no"));
        Assert.Equal(("Bob Norman", "Chestnut Street 92", "Louisville", "KY", "40202", "US"),
            (Text(header, "ship2_name"), Text(header, "ship2_add1"), Text(header, "ship2_city"), Text(header, "ship2_state"), Text(header, "ship2_zip"), Text(header, "ship2_country")));
        JsonElement line = Assert.Single(lines);
        Assert.Equal((items[1], 1m, 195.67m), (Text(line, "item_id"), line.GetProperty("qty_ordered").GetDecimal(), line.GetProperty("unit_price").GetDecimal()));
        string[] notices = [.. report.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!)];
        Assert.Contains(notices, n => n.StartsWith("line 1 (IPOD2008GREEN) has quantity 0", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.StartsWith("line 3 (IPOD2008BLACK) has quantity 0", StringComparison.Ordinal));
        JsonElement customer = Assert.Single(await sandbox.ODataAsync($"address?$filter=email_address eq 'bob.norman@mail.example.com'"));
        Assert.Equal(Text(customer, "id"), Text(header, "customer_id"));
    }

    [Fact]
    public async Task WooCommerceV3OrderExample_LineWithoutSku_AcceptedAndParkedNamingTheLine()
    {
        // woocommerce-rest-api-docs _orders.md "Retrieve an order": line 1 ("Woo Single #1") has sku "".
        string[] items = await ItemsAsync(1);

        (CliResult result, JsonElement report) = await SubmitAsync("woocommerce", Published("woocommerce-order-v3-docs.json"), ("Bar3", items[0]));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal("parked", report.GetProperty("status").GetString());
        Assert.Contains("line 1 ('Woo Single #1') has no SKU", report.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WooCommerceV3OrderExample_WithSkus_GuestCustomerFreightAndOrderNumber()
    {
        string[] items = await ItemsAsync(2);
        JsonNode order = JsonNode.Parse(Published("woocommerce-order-v3-docs.json"))!;
        long id = TestFiles.NewOrderId();
        order["id"] = id;
        order["line_items"]![0]!["sku"] = "WOO-SINGLE-1";

        (CliResult result, _) = await SubmitAsync("woocommerce", order.ToJsonString(), ("WOO-SINGLE-1", items[0]), ("Bar3", items[1]));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        (JsonElement header, List<JsonElement> lines) = await P21OrderAsync(id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal([(items[0], 2m, 3m), (items[1], 1m, 12m), ("FREIGHT", 1m, 10m)],
            lines.Select(l => (Text(l, "item_id"), l.GetProperty("qty_ordered").GetDecimal(), l.GetProperty("unit_price").GetDecimal())));
        Assert.Equal(31.00m - 3m, lines.Sum(l => l.GetProperty("extended_price").GetDecimal())); // 6 + 12 + 10: total 29.35 less tax 1.35
        Assert.Equal(("727", "969 Market", "CA", 9001m), (Text(header, "po_no"), Text(header, "ship2_add1"), Text(header, "ship2_state"), header.GetProperty("carrier_id").GetDecimal()));
    }

    [Fact]
    public async Task AmazonSandboxOrder_WithoutRestrictedAddress_Parked_WithGetOrderAddress_Written()
    {
        // selling-partner-api-models ordersV0.json: the TEST_CASE_200 getOrder/getOrderItems pair, and the getOrderAddress example.
        string[] items = await ItemsAsync(1);
        JsonNode order = JsonNode.Parse(Published("amazon-getorder-sandbox-test-case-200.json"))!;
        string amazonId = $"902-{Random.Shared.Next(1_000_000, 9_999_999)}-{Random.Shared.Next(1_000_000, 9_999_999)}";
        order["payload"]!["AmazonOrderId"] = amazonId;
        order["payload"]!["BuyerInfo"] = new JsonObject { ["BuyerEmail"] = $"{amazonId}@marketplace.amazon.com" };
        JsonNode orderItems = JsonNode.Parse(Published("amazon-getorderitems-sandbox-test-case-200.json"))!;
        orderItems["payload"]!["AmazonOrderId"] = amazonId;
        (string Sku, string ItemId) map = ("NABetaASINB00551Q3CS", items[0]);

        (CliResult withoutAddress, JsonElement parked) = await SubmitAsync("amazon", new JsonObject { ["order"] = order.DeepClone(), ["orderItems"] = orderItems.DeepClone() }.ToJsonString(), map);

        Assert.Equal("parked", parked.GetProperty("status").GetString());
        Assert.Contains("no shipping address", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, withoutAddress.ExitCode);

        order["payload"]!["ShippingAddress"] = JsonNode.Parse(Published("amazon-getorderaddress-docs.json"))!["payload"]!["ShippingAddress"]!.DeepClone();
        (CliResult written, _) = await SubmitAsync("amazon", new JsonObject { ["order"] = order, ["orderItems"] = orderItems }.ToJsonString(), map);

        Assert.True(written.ExitCode == ExitCodes.Ok, written.ToString());
        (JsonElement header, List<JsonElement> lines) = await P21OrderAsync(amazonId);
        JsonElement line = Assert.Single(lines);
        Assert.Equal((items[0], 1m, 10m), (Text(line, "item_id"), line.GetProperty("qty_ordered").GetDecimal(), line.GetProperty("unit_price").GetDecimal()));
        Assert.Equal((amazonId, "1 cross st", "MI", "48817"), (Text(header, "po_no"), Text(header, "ship2_add1"), Text(header, "ship2_state"), Text(header, "ship2_zip")));
    }
}
