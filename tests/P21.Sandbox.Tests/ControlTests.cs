using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

public sealed class ControlTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private Task<(int Status, JsonNode? Body)> ControlAsync(HttpMethod method, string path, string? json = null) =>
        Api.SendAsync(_http, Api.Request(method, path, null, json: json));

    [Fact]
    public async Task PutRow_InsertsThenUpdates_AndBumpsDateLastModified()
    {
        (int inserted, JsonNode? a) = await ControlAsync(HttpMethod.Put, "_sandbox/rows/contacts", """{"id":"T-1","company_id":"1","address_id":100001,"first_name":"Ada","last_name":"Lovelace","date_last_modified":"2020-01-01T00:00:00-05:00"}""");
        Assert.Equal(200, inserted);
        Assert.Equal("inserted", a!["action"]!.GetValue<string>());
        string token = await Api.TokenAsync(_http);
        JsonNode before = (await Api.ODataAsync(_http, token, "odataservice/odata/table/contacts?$filter=id eq 'T-1'"))[0]!;
        Assert.Equal("2020-01-01T00:00:00-05:00", before["date_last_modified"]!.GetValue<string>());
        Assert.Equal("N", before["delete_flag"]!.GetValue<string>());

        (int updated, JsonNode? b) = await ControlAsync(HttpMethod.Put, "_sandbox/rows/contacts", """{"id":"T-1","email_address":"ada@example.com"}""");
        Assert.Equal("updated", b!["action"]!.GetValue<string>());
        JsonNode after = (await Api.ODataAsync(_http, token, "odataservice/odata/table/contacts?$filter=id eq 'T-1'"))[0]!;
        Assert.Equal(200, updated);
        Assert.Equal("ada@example.com", after["email_address"]!.GetValue<string>());
        Assert.NotEqual("2020-01-01T00:00:00-05:00", after["date_last_modified"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("T-2", "2020-01-01T00:00:00")]
    [InlineData("T-3", "2020-01-01 00:00:00")]
    [InlineData("T-4", "2020-01-01T05:00:00Z")]
    public async Task PutRow_DateTimeWithoutOffset_IsServerLocalTime(string id, string sent)
    {
        (int status, _) = await ControlAsync(HttpMethod.Put, "_sandbox/rows/contacts", $$"""{"id":"{{id}}","company_id":"1","address_id":100001,"first_name":"Ada","last_name":"L","date_last_modified":"{{sent}}"}""");
        Assert.Equal(200, status);

        string token = await Api.TokenAsync(_http);
        JsonNode row = (await Api.ODataAsync(_http, token, $"odataservice/odata/table/contacts?$filter=id eq '{id}'"))[0]!;
        Assert.Equal("2020-01-01T00:00:00-05:00", row["date_last_modified"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("_sandbox/rows/nope", "{\"a\":1}", 404)]
    [InlineData("_sandbox/rows/contacts", "{\"first_name\":\"no key\"}", 400)]
    [InlineData("_sandbox/rows/contacts", "{\"id\":\"x\",\"bogus\":1}", 400)]
    [InlineData("_sandbox/rows/customer", "{\"company_id\":\"1\",\"customer_id\":\"abc\"}", 400)]
    public async Task PutRow_BadInput_ReturnsClearError(string path, string body, int expected)
    {
        (int status, JsonNode? error) = await ControlAsync(HttpMethod.Put, path, body);
        Assert.Equal(expected, status);
        Assert.NotNull(error!["error"]);
    }

    [Fact]
    public async Task DeleteRow_SoftDeletesWithDeleteFlagAndRowStatus()
    {
        (int status, _) = await ControlAsync(HttpMethod.Delete, "_sandbox/rows/customer/1,100010");
        Assert.Equal(200, status);
        (int pageStatus, _) = await ControlAsync(HttpMethod.Delete, "_sandbox/rows/price_page/1");
        Assert.Equal(200, pageStatus);
        string token = await Api.TokenAsync(_http);
        Assert.Equal("Y", (await Api.ODataAsync(_http, token, "odataservice/odata/table/customer?$filter=customer_id eq 100010"))[0]!["delete_flag"]!.GetValue<string>());
        Assert.Equal(700, (await Api.ODataAsync(_http, token, "odataservice/odata/table/price_page?$filter=price_page_uid eq 1"))[0]!["row_status_flag"]!.GetValue<int>());
        (int wrongKey, _) = await ControlAsync(HttpMethod.Delete, "_sandbox/rows/customer/100010");
        Assert.Equal(400, wrongKey);
        (int noSoftDelete, _) = await ControlAsync(HttpMethod.Delete, "_sandbox/rows/gl/1");
        Assert.Equal(409, noSoftDelete);
    }

    [Fact]
    public async Task ShipOrder_CreatesPickTicketDetailAndInvoice()
    {
        (int status, JsonNode? body) = await ControlAsync(HttpMethod.Post, "_sandbox/orders/1000003/ship", """{"carrierId":9002,"trackingNo":"FDX-1"}""");
        Assert.Equal(200, status);
        string token = await Api.TokenAsync(_http);
        string pick = body!["pickTicketNo"]!.ToString();
        JsonNode ticket = (await Api.ODataAsync(_http, token, $"odataservice/odata/table/oe_pick_ticket?$filter=pick_ticket_no eq {pick}"))[0]!;
        Assert.Equal("FDX-1", ticket["tracking_no"]!.GetValue<string>());
        Assert.NotEmpty(await Api.ODataAsync(_http, token, $"odataservice/odata/table/oe_pick_ticket_detail?$filter=pick_ticket_no eq {pick}"));
        Assert.Single(await Api.ODataAsync(_http, token, $"odataservice/odata/table/invoice_hdr?$filter=order_no eq '1000003'"));
        (int again, _) = await ControlAsync(HttpMethod.Post, "_sandbox/orders/1000003/ship", "{}");
        Assert.Equal(409, again);
    }

    [Fact]
    public async Task ReceivePurchaseOrder_AddsStock()
    {
        string token = await Api.TokenAsync(_http);
        JsonNode line = (await Api.ODataAsync(_http, token, "odataservice/odata/table/po_line?$filter=po_no eq 40001&$top=1"))[0]!;
        JsonNode hdr = (await Api.ODataAsync(_http, token, "odataservice/odata/table/po_hdr?$filter=po_no eq 40001"))[0]!;
        string stockQuery = $"odataservice/odata/table/inv_loc?$filter=inv_mast_uid eq {line["inv_mast_uid"]} and location_id eq {hdr["location_id"]}";
        decimal before = (await Api.ODataAsync(_http, token, stockQuery))[0]!["qty_on_hand"]!.GetValue<decimal>();
        (int status, _) = await ControlAsync(HttpMethod.Post, "_sandbox/purchase-orders/40001/receive");
        Assert.Equal(200, status);
        decimal after = (await Api.ODataAsync(_http, token, stockQuery))[0]!["qty_on_hand"]!.GetValue<decimal>();
        Assert.True(after >= before + line["qty_ordered"]!.GetValue<decimal>());
        (int again, _) = await ControlAsync(HttpMethod.Post, "_sandbox/purchase-orders/40001/receive");
        Assert.Equal(409, again);
    }

    [Fact]
    public async Task Stock_SetsQtyOnHand_UnknownItemIs404()
    {
        (int status, _) = await ControlAsync(HttpMethod.Post, "_sandbox/stock", """{"itemId":"FW 1/4-20 ZP PK100","locationId":30,"qtyOnHand":4242}""");
        Assert.Equal(200, status);
        JsonArray rows = await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/inv_loc?$filter={Uri.EscapeDataString("item_id eq 'FW 1/4-20 ZP PK100' and location_id eq 30")}");
        Assert.Equal(4242m, rows[0]!["qty_on_hand"]!.GetValue<decimal>());
        (int unknown, _) = await ControlAsync(HttpMethod.Post, "_sandbox/stock", """{"itemId":"NOPE","locationId":30,"qtyOnHand":1}""");
        Assert.Equal(404, unknown);
    }

    [Fact]
    public async Task Prices_WithBreaks_DriveOrderPricing()
    {
        (int status, _) = await ControlAsync(HttpMethod.Post, "_sandbox/prices", """{"itemId":"WA 1/4-20X1 ZP","price":2.00,"breaks":[{"quantity":10,"price":1.50}]}""");
        Assert.Equal(200, status);
        string token = await Api.TokenAsync(_http);
        (_, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("Order", Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader()),
            Api.Element("TP_ITEMS.items", "List", [], new Dictionary<string, string> { ["oe_order_item_id"] = "WA 1/4-20X1 ZP", ["unit_quantity"] = "12" })));
        string orderNo = Api.ResultValue(body!, "order_no");
        Assert.Equal(1.5m, (await Api.ODataAsync(_http, token, $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'"))[0]!["unit_price"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task UdField_AddsColumnVisibleInODataAndMetadata()
    {
        (int status, _) = await ControlAsync(HttpMethod.Post, "_sandbox/ud-fields", """{"table":"oe_hdr_ud","column":"gift_message"}""");
        Assert.Equal(200, status);
        (int put, _) = await ControlAsync(HttpMethod.Put, "_sandbox/rows/oe_hdr_ud", """{"order_no":"1000001","gift_message":"Happy build day"}""");
        Assert.Equal(200, put);
        string token = await Api.TokenAsync(_http);
        JsonArray rows = await Api.ODataAsync(_http, token, "odataservice/odata/table/oe_hdr_ud?$select=order_no,gift_message&$filter=gift_message ne null");
        Assert.Equal("Happy build day", rows.Single()!["gift_message"]!.GetValue<string>());
        (int notUd, _) = await ControlAsync(HttpMethod.Post, "_sandbox/ud-fields", """{"table":"customer","column":"x"}""");
        Assert.Equal(404, notUd);
        (int duplicate, _) = await ControlAsync(HttpMethod.Post, "_sandbox/ud-fields", """{"table":"oe_hdr_ud","column":"gift_message"}""");
        Assert.Equal(409, duplicate);
    }

    [Fact]
    public async Task Stats_CountsFamiliesAndRows()
    {
        string token = await Api.TokenAsync(_http);
        await Api.ODataAsync(_http, token, "odataservice/odata/table/location");
        (int status, JsonNode? stats) = await ControlAsync(HttpMethod.Get, "_sandbox/stats");
        Assert.Equal(200, status);
        Assert.True(stats!["requestsByFamily"]!["odata"]!.GetValue<long>() >= 1);
        Assert.True(stats["rowsServed"]!.GetValue<long>() >= 3);
        Assert.True(fixture.Host.Stats.Requests("token") >= 1);
    }

    [Fact]
    public async Task Stats_CountRequestsWithoutJsonAccept_ByFamily()
    {
        string token = await Api.TokenAsync(_http);
        long Without() => fixture.Host.Stats.RequestsWithoutJsonAccept.GetValueOrDefault("router");
        long before = Without();

        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/ui/router/v1/?urlType=external", token));
        Assert.Equal(before, Without());
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/ui/router/v1/?urlType=external", token, accept: null));
        Assert.Equal(before + 1, Without());

        (_, JsonNode? stats) = await ControlAsync(HttpMethod.Get, "_sandbox/stats");
        Assert.Equal(Without(), stats!["requestsWithoutJsonAccept"]!["router"]!.GetValue<long>());
    }
}
