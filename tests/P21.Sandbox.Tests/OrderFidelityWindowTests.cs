using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>The Order window's one-time ship-to, carrier and instructions fields, other-charge items and the ShipTo service.</summary>
public sealed class OrderFidelityWindowTests : IAsyncLifetime
{
    private SandboxHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(new SandboxOptions { Customers = 5, Items = 10, SalesOrders = 1, PurchaseOrders = 1, OtherChargeItems = true });
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(int Status, JsonNode? Body)> OrderAsync(Dictionary<string, string> header, Dictionary<string, string> line)
    {
        string token = await Api.TokenAsync(_http);
        return await Api.PostTransactionAsync(_http, token, Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], header), Api.Element("TP_ITEMS.items", "List", ["user_line_no"], line)));
    }

    private async Task<JsonObject> RowAsync(string table, string filter) =>
        (await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/{table}?$filter={filter}")).Single()!.AsObject();

    [Fact]
    public async Task Order_OneTimeShipToCarrierAndInstructions_StoredOnTheHeader()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header["ship2_name"] = "Acme Builders";
        header["ship2_add1"] = "77 Harbor Rd";
        header["ship2_city"] = "Galveston";
        header["ship2_state"] = "TX";
        header["ship2_zip"] = "77550";
        header["carrier_id"] = "9001";
        header["delivery_instructions"] = "Call before delivery";

        (int status, JsonNode? body) = await OrderAsync(header, new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "1", ["user_line_no"] = "10" });

        Assert.Equal(200, status);
        JsonObject order = await RowAsync("oe_hdr", $"order_no eq '{Api.ResultValue(body!, "order_no")}'");
        Assert.Equal(("Acme Builders", "77 Harbor Rd", null, "TX", 9001m, "Call before delivery"),
            (order["ship2_name"]!.GetValue<string>(), order["ship2_add1"]!.GetValue<string>(), order["ship2_add2"]?.GetValue<string>(), order["ship2_state"]!.GetValue<string>(),
             order["carrier_id"]!.GetValue<decimal>(), order["delivery_instructions"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("ship2_add1", "Building 7, Receiving Dock B, Attn: Purchasing Department", "ship2_add1 cannot be longer than 50 characters.")]
    [InlineData("carrier_id", "12345", "Carrier ID 12345 is not valid.")]
    public async Task Order_BadHeaderField_Fails(string field, string value, string message)
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header[field] = value;

        (int status, JsonNode? body) = await OrderAsync(header, new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "1", ["user_line_no"] = "10" });

        Assert.Equal(200, status);
        Assert.Contains(message, body!["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_OtherChargeItem_LineWithoutStockOrAllocation()
    {
        (int status, JsonNode? body) = await OrderAsync(Api.OrderHeader(), new Dictionary<string, string> { ["oe_order_item_id"] = "FREIGHT", ["unit_quantity"] = "1", ["unit_price"] = "12.50", ["user_line_no"] = "10" });

        Assert.Equal(200, status);
        JsonObject line = await RowAsync("oe_line", $"order_no eq '{Api.ResultValue(body!, "order_no")}'");
        Assert.Equal((12.5m, 0m), (line["unit_price"]!.GetValue<decimal>(), line["qty_allocated"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task ShipTo_NewForCustomer_AddsShipToAndAddressWithTheNextId()
    {
        string token = await Api.TokenAsync(_http);
        var fields = new Dictionary<string, string>
        {
            ["customer_id"] = "100001",
            ["name"] = "Acme Jobsite",
            ["mail_address1"] = "77 Harbor Rd",
            ["mail_city"] = "Galveston",
            ["mail_state"] = "TX",
            ["mail_postal_code"] = "77550",
            ["mail_country"] = "US",
            ["default_branch"] = "10",
        };

        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("ShipTo", Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], fields)));

        Assert.Equal(200, status);
        string id = Api.ResultValue(body!, "ship_to_id");
        JsonObject shipTo = await RowAsync("ship_to", $"ship_to_id eq {id}");
        JsonObject address = await RowAsync("address", $"id eq {id}");
        Assert.Equal(100001m, shipTo["customer_id"]!.GetValue<decimal>());
        Assert.Equal(("77 Harbor Rd", "TX"), (address["mail_address1"]!.GetValue<string>(), address["mail_state"]!.GetValue<string>()));
        (int orderStatus, _) = await OrderAsync(Api.OrderHeader(ship: id), new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "1" });
        Assert.Equal(200, orderStatus);
    }

    [Fact]
    public async Task ShipTo_WithoutAddressOrForUnknownCustomer_Fails()
    {
        string token = await Api.TokenAsync(_http);
        (_, JsonNode? noAddress) = await Api.PostTransactionAsync(_http, token, Api.Transaction("ShipTo",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["customer_id"] = "100001", ["name"] = "X", ["default_branch"] = "10" })));
        (_, JsonNode? unknown) = await Api.PostTransactionAsync(_http, token, Api.Transaction("ShipTo",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["customer_id"] = "999", ["name"] = "X", ["mail_address1"] = "1 A St", ["default_branch"] = "10" })));

        Assert.Contains("is required", noAddress!["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Customer ID 999 is not valid.", unknown!["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_CancelFlagOnAnOpenOrder_CancelsItAndReleasesItsAllocation()
    {
        const string Item = "HCS 1/4-20X1 ZP";
        static decimal AllocatedBefore(JsonObject row) => row["qty_allocated"]!.GetValue<decimal>();
        JsonObject before = await RowAsync("inv_loc", $"item_id eq '{Item}' and location_id eq 10");
        (_, JsonNode? created) = await OrderAsync(Api.OrderHeader(), new Dictionary<string, string> { ["oe_order_item_id"] = Item, ["unit_quantity"] = "2", ["user_line_no"] = "10" });
        string orderNo = Api.ResultValue(created!, "order_no");
        JsonObject allocated = await RowAsync("inv_loc", $"item_id eq '{Item}' and location_id eq 10");

        string token = await Api.TokenAsync(_http);
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], new Dictionary<string, string> { ["order_no"] = orderNo, ["cancel_flag"] = "Y" })));

        Assert.Equal(200, status);
        Assert.Equal("Passed", body!["Results"]!["Transactions"]![0]!["Status"]!.GetValue<string>());
        Assert.Equal("Y", (await RowAsync("oe_hdr", $"order_no eq '{orderNo}'"))["cancel_flag"]!.GetValue<string>());
        Assert.Equal("Y", (await RowAsync("oe_line", $"order_no eq '{orderNo}'"))["cancel_flag"]!.GetValue<string>());
        Assert.Equal(AllocatedBefore(before), AllocatedBefore(await RowAsync("inv_loc", $"item_id eq '{Item}' and location_id eq 10")));
        Assert.True(AllocatedBefore(allocated) >= AllocatedBefore(before));
    }

    [Fact]
    public async Task Order_CancelFlagOnAPickedOrder_FailsNamingTheOrder()
    {
        (_, JsonNode? created) = await OrderAsync(Api.OrderHeader(), new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "1", ["user_line_no"] = "10" });
        string orderNo = Api.ResultValue(created!, "order_no");
        using (HttpResponseMessage picked = await _http.PostAsync($"_sandbox/orders/{orderNo}/pick", null))
        {
            picked.EnsureSuccessStatusCode();
        }

        string token = await Api.TokenAsync(_http);
        (_, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], new Dictionary<string, string> { ["order_no"] = orderNo, ["cancel_flag"] = "Y" })));

        Assert.Contains($"Order {orderNo} has lines on pick tickets or invoiced and cannot be cancelled.", body!["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("N", (await RowAsync("oe_hdr", $"order_no eq '{orderNo}'"))["cancel_flag"]!.GetValue<string>());
    }
}
