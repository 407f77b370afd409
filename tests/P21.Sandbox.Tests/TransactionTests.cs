using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

public sealed class TransactionTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private static Dictionary<string, string> Line(string item, string qty, string? userLine = null, string? price = null)
    {
        var line = new Dictionary<string, string> { ["oe_order_item_id"] = item, ["unit_quantity"] = qty };
        if (userLine is not null)
        {
            line["user_line_no"] = userLine;
        }

        if (price is not null)
        {
            line["unit_price"] = price;
        }

        return line;
    }

    private async Task<(int Status, JsonNode? Body)> OrderAsync(Dictionary<string, string> header, string[] keys, params Dictionary<string, string>[] lines)
    {
        string token = await Api.TokenAsync(_http);
        return await Api.PostTransactionAsync(_http, token, Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], header), Api.Element("TP_ITEMS.items", "List", keys, lines)));
    }

    private static void AssertFailed(int status, JsonNode? body, string message)
    {
        Assert.Equal(200, status);
        Assert.Null(body!["Results"]);
        Assert.Equal(1, body["Summary"]!["Failed"]!.GetValue<int>());
        Assert.Equal(0, body["Summary"]!["Succeeded"]!.GetValue<int>());
        Assert.Contains(message, body["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Transaction 1:: ", body["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_Valid_PassesAndLinesLandWithManualPrice()
    {
        (int status, JsonNode? body) = await OrderAsync(Api.OrderHeader(), ["user_line_no"], Line("HCS 1/4-20X1 ZP", "3", "10", "9.99"), Line("HN 1/4-20 ZP PK100", "2", "20"));
        Assert.Equal(200, status);
        Assert.Equal("Passed", body!["Results"]!["Transactions"]![0]!["Status"]!.GetValue<string>());
        Assert.Equal("Transaction 1:: ", body["Messages"]![0]!.GetValue<string>());
        string orderNo = Api.ResultValue(body, "order_no");
        JsonArray lines = await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'&$orderby=line_no");
        Assert.Equal(2, lines.Count);
        Assert.Equal(9.99m, lines[0]!["unit_price"]!.GetValue<decimal>());
        Assert.Equal("Y", lines[0]!["manual_price_overide"]!.GetValue<string>());
        Assert.Equal("N", lines[1]!["manual_price_overide"]!.GetValue<string>());
        Assert.Equal("HN 1/4-20 ZP PK100", lines[1]!["item_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Order_SameItemTwiceWithDefaultKeys_CollapsesToOneLineLastWins()
    {
        (_, JsonNode? body) = await OrderAsync(Api.OrderHeader(), [], Line("CB 1/4-20X1 ZP", "5"), Line("CB 1/4-20X1 ZP", "7"));
        string orderNo = Api.ResultValue(body!, "order_no");
        JsonArray lines = await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'");
        Assert.Single(lines);
        Assert.Equal(7m, lines[0]!["qty_ordered"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Order_SameItemTwiceKeyedOnUserLineNo_KeepsTwoLines()
    {
        (_, JsonNode? body) = await OrderAsync(Api.OrderHeader(), ["user_line_no"], Line("CB 1/4-20X1 ZP", "5", "10"), Line("CB 1/4-20X1 ZP", "7", "20"));
        string orderNo = Api.ResultValue(body!, "order_no");
        Assert.Equal(2, (await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'")).Count);
    }

    [Fact]
    public async Task Order_QuantityBreak_PricesFromPricePage()
    {
        // Item 2 has an active LIST page: breaks 100/500/1000 at 100%, 95%, 90%, 85% of list.
        (_, JsonNode? body) = await OrderAsync(Api.OrderHeader(), ["user_line_no"], Line("CB 1/4-20X1 ZP", "1", "10"), Line("CB 1/4-20X1 ZP", "600", "20"));
        string orderNo = Api.ResultValue(body!, "order_no");
        JsonArray lines = await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'&$orderby=line_no");
        decimal small = lines[0]!["unit_price"]!.GetValue<decimal>(), large = lines[1]!["unit_price"]!.GetValue<decimal>();
        Assert.Equal(Math.Round(small * 0.9m, 4), large);
    }

    [Fact]
    public async Task Order_MissingCustomer_FailsWith200()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header.Remove("customer_id");
        (int status, JsonNode? body) = await OrderAsync(header, [], Line("HCS 1/4-20X1 ZP", "1"));
        AssertFailed(status, body, "Customer ID is required");
    }

    [Fact]
    public async Task Order_MissingSourceLocation_FailsWithJurisdictionMessage()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header.Remove("source_loc_id");
        (int status, JsonNode? body) = await OrderAsync(header, [], Line("HCS 1/4-20X1 ZP", "1"));
        AssertFailed(status, body, "Jurisdiction ID for Order Header Tax");
    }

    [Fact]
    public async Task Order_MissingShipTo_FailsWithColumnRequired()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header.Remove("ship_to_id");
        (int status, JsonNode? body) = await OrderAsync(header, [], Line("HCS 1/4-20X1 ZP", "1"));
        AssertFailed(status, body, "This column is required.");
    }

    [Fact]
    public async Task Order_CompanyId_RefusedAsDisabled()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header["company_id"] = "1";
        (int status, JsonNode? body) = await OrderAsync(header, [], Line("HCS 1/4-20X1 ZP", "1"));
        AssertFailed(status, body, "disabled");
    }

    [Fact]
    public async Task Order_RequestedDateNotAfterOrderDate_Fails()
    {
        Dictionary<string, string> header = Api.OrderHeader();
        header["order_date"] = "2026-01-10";
        header["requested_date"] = "2026-01-10";
        (int status, JsonNode? body) = await OrderAsync(header, [], Line("HCS 1/4-20X1 ZP", "1"));
        AssertFailed(status, body, "Requested Date must be after Order Date");
    }

    [Fact]
    public async Task Order_UnknownOrLowerCasedItem_FailsValidation()
    {
        (int status, JsonNode? body) = await OrderAsync(Api.OrderHeader(), [], Line("hcs 1/4-20x1 zp", "1"));
        AssertFailed(status, body, "Item ID 'hcs 1/4-20x1 zp' is not valid");
    }

    [Fact]
    public async Task Order_FailedTransaction_LeavesNoRows()
    {
        string token = await Api.TokenAsync(_http);
        int before = (await Api.ODataAsync(_http, token, "odataservice/odata/table/oe_hdr?$select=order_no")).Count;
        (int status, JsonNode? body) = await OrderAsync(Api.OrderHeader(), ["user_line_no"], Line("HCS 1/4-20X1 ZP", "1", "10"), Line("NOPE", "1", "20"));
        AssertFailed(status, body, "NOPE");
        Assert.Equal(before, (await Api.ODataAsync(_http, token, "odataservice/odata/table/oe_hdr?$select=order_no")).Count);
    }

    [Fact]
    public async Task Order_TwoTransactions_AreIndependent()
    {
        string token = await Api.TokenAsync(_http);
        Dictionary<string, string> bad = Api.OrderHeader();
        bad.Remove("customer_id");
        string json = System.Text.Json.JsonSerializer.Serialize(new
        {
            Name = "Order",
            UseCodeValues = false,
            IgnoreDisabled = false,
            Transactions = new[]
            {
                new { Status = "New", DataElements = new[] { Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader()), Api.Element("TP_ITEMS.items", "List", [], Line("HCS 1/4-20X1 ZP", "1")) } },
                new { Status = "New", DataElements = new[] { Api.Element("TABPAGE_1.order", "Form", [], bad), Api.Element("TP_ITEMS.items", "List", [], Line("HCS 1/4-20X1 ZP", "1")) } },
            },
        });
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, token, json);
        Assert.Equal(200, status);
        Assert.Equal(1, body!["Summary"]!["Succeeded"]!.GetValue<int>());
        Assert.Equal(1, body["Summary"]!["Failed"]!.GetValue<int>());
        Assert.Equal("Passed", body["Results"]!["Transactions"]![0]!["Status"]!.GetValue<string>());
        Assert.Equal("Failed", body["Results"]!["Transactions"]![1]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transaction_StatusExisting_Returns400()
    {
        string json = Api.Transaction("Order", Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader())).Replace("\"New\"", "\"Existing\"", StringComparison.Ordinal);
        (int status, _) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), json);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Transaction_LowerCasePropertyNames_Returns400()
    {
        (int status, _) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), "{\"name\":\"Order\",\"transactions\":[]}");
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Transaction_UnknownService_Returns500WindowNotAvailable()
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Invoice", Api.Element("X", "Form", [], new Dictionary<string, string>())));
        Assert.Equal(500, status);
        Assert.Contains("Window Invoice is not available", body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_WithoutJsonAccept_ReturnsEmpty500()
    {
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction", await Api.TokenAsync(_http), accept: null,
            json: Api.Transaction("Order", Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader()))));
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Customer_Valid_ReturnsCustomerIdVisibleInOData()
    {
        var header = new Dictionary<string, string> { ["customer_name"] = "Test Rigging LLC", ["salesrep_id"] = "SR01", ["mail_address1"] = "1 Main St", ["mail_city"] = "Houston", ["mail_state"] = "TX", ["mail_postal_code"] = "77002", ["mail_country"] = "USA" };
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], header), Api.Element("SHIP_TO_GENERAL.ship_to_general", "Form", [], new Dictionary<string, string> { ["default_branch"] = "10" })));
        Assert.Equal(200, status);
        string customerId = Api.ResultValue(body!, "customer_id");
        string token = await Api.TokenAsync(_http);
        Assert.Single(await Api.ODataAsync(_http, token, $"odataservice/odata/table/customer?$filter=customer_id eq {customerId} and customer_name eq 'Test Rigging LLC'"));
        Assert.Single(await Api.ODataAsync(_http, token, $"odataservice/odata/table/ship_to?$filter=ship_to_id eq {customerId} and default_branch eq '10'"));
        Assert.Single(await Api.ODataAsync(_http, token, $"odataservice/odata/table/address?$filter=id eq {customerId}"));
    }

    [Fact]
    public async Task Customer_MissingSalesrep_FailsMentioningShipTo()
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["customer_name"] = "No Rep Inc" }),
            Api.Element("SHIP_TO_GENERAL.ship_to_general", "Form", [], new Dictionary<string, string> { ["default_branch"] = "10" })));
        AssertFailed(status, body, "Ship To");
    }

    [Fact]
    public async Task Customer_MissingDefaultBranch_Fails()
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["customer_name"] = "No Branch Inc", ["salesrep_id"] = "SR01" })));
        AssertFailed(status, body, "Default Branch is required");
    }

    [Fact]
    public async Task PurchaseOrder_Valid_ReturnsPoNoWithLines()
    {
        string token = await Api.TokenAsync(_http);
        JsonNode link = (await Api.ODataAsync(_http, token, "odataservice/odata/table/vendor_supplier?$top=1"))[0]!;
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("PurchaseOrder",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["location_id"] = "20", ["vendor_id"] = link["vendor_id"]!.ToString(), ["vendor_supplier_id"] = link["supplier_id"]!.ToString() }),
            Api.Element("TABPAGE_17.tp_17_dw_17", "List", [], new Dictionary<string, string> { ["item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "500" })));
        Assert.Equal(200, status);
        string poNo = Api.ResultValue(body!, "po_no");
        JsonArray lines = await Api.ODataAsync(_http, token, $"odataservice/odata/table/po_line?$filter=po_no eq {poNo}");
        Assert.Single(lines);
        Assert.Equal(500m, lines[0]!["qty_ordered"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task PurchaseOrder_VendorIdUsedAsSupplier_FailsRecordNotFound()
    {
        string token = await Api.TokenAsync(_http);
        JsonNode link = (await Api.ODataAsync(_http, token, "odataservice/odata/table/vendor_supplier?$top=1"))[0]!;
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, token, Api.Transaction("PurchaseOrder",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["location_id"] = "20", ["vendor_id"] = link["vendor_id"]!.ToString(), ["vendor_supplier_id"] = link["vendor_id"]!.ToString() }),
            Api.Element("TABPAGE_17.tp_17_dw_17", "List", [], new Dictionary<string, string> { ["item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "5" })));
        AssertFailed(status, body, "Record specified was not found");
    }

    private async Task<string> OpenPickTicketAsync()
    {
        (_, JsonNode? body) = await OrderAsync(Api.OrderHeader(), [], Line("SHCS 1/4-20X1 ZP", "4"));
        string orderNo = Api.ResultValue(body!, "order_no");
        (int status, JsonNode? pick) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, $"_sandbox/orders/{orderNo}/pick", null, json: "{}"));
        Assert.Equal(200, status);
        return pick!["pickTicketNo"]!.ToString();
    }

    private Task<(int Status, JsonNode? Body)> ShipAsync(string token, string pickTicket) =>
        Api.PostTransactionAsync(_http, token, Api.Transaction("Shipping", Api.Element("TABPAGE_1.tp_1_dw_1", "Form", ["pick_ticket_no"],
            new Dictionary<string, string> { ["pick_ticket_no"] = pickTicket, ["carrier_id"] = "UPS Ground", ["tracking_no"] = "1ZTEST123", ["create_invoice"] = "ON" })));

    [Fact]
    public async Task Shipping_CreateInvoiceOn_ConfirmsAndInvoices_ThenRefusesSecondTime()
    {
        string token = await Api.TokenAsync(_http);
        string pickTicket = await OpenPickTicketAsync();
        (int status, JsonNode? body) = await ShipAsync(token, pickTicket);
        Assert.Equal(200, status);
        Assert.Equal(1, body!["Summary"]!["Succeeded"]!.GetValue<int>());
        JsonNode ticket = (await Api.ODataAsync(_http, token, $"odataservice/odata/table/oe_pick_ticket?$filter=pick_ticket_no eq {pickTicket}"))[0]!;
        Assert.Equal("1ZTEST123", ticket["tracking_no"]!.GetValue<string>());
        string invoiceNo = ticket["invoice_no"]!.GetValue<string>();
        Assert.Single(await Api.ODataAsync(_http, token, $"odataservice/odata/table/invoice_hdr?$filter=invoice_no eq '{invoiceNo}'"));

        (int again, JsonNode? refused) = await ShipAsync(token, pickTicket);
        AssertFailed(again, refused, "already been invoiced");
    }

    [Fact]
    public async Task Shipping_UnknownPickTicket_Fails()
    {
        (int status, JsonNode? body) = await ShipAsync(await Api.TokenAsync(_http), "999999999");
        AssertFailed(status, body, "does not exist");
    }

    [Fact]
    public async Task TransactionGet_ReturnsOrderWithLines()
    {
        (_, JsonNode? created) = await OrderAsync(Api.OrderHeader(), [], Line("LAG 1/4-20X1 ZP", "2"));
        string orderNo = Api.ResultValue(created!, "order_no");
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction/get", await Api.TokenAsync(_http),
            json: Api.Transaction("Order", Api.Element("TABPAGE_1.order", "Form", ["order_no"], new Dictionary<string, string> { ["order_no"] = orderNo }))));
        Assert.Equal(200, status);
        Assert.Null(body!["Results"]);
        JsonArray elements = body["Transactions"]![0]!["DataElements"]!.AsArray();
        Assert.Equal("100001", elements[0]!["Rows"]![0]!["Edits"]!.AsArray().First(e => e!["Name"]!.GetValue<string>() == "customer_id")!["Value"]!.GetValue<string>());
        Assert.Single(elements[1]!["Rows"]!.AsArray());
    }

    [Fact]
    public async Task Definition_KnownService_HasFieldsAndTemplate_UnknownIs500()
    {
        string token = await Api.TokenAsync(_http);
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "uiserver0/api/v2/definition/Order", token));
        Assert.Equal(200, status);
        JsonArray elements = body!["TransactionDefinition"]!["DataElementDefinitions"]!.AsArray();
        Assert.Contains(elements, static e => e!["Name"]!.GetValue<string>() == "TP_ITEMS.items");
        Assert.NotNull(body["Template"]!["TransactionSet"]!["Transactions"]);
        (int unknown, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "uiserver0/api/v2/definition/NoSuchWindow", token));
        Assert.Equal(500, unknown);
        (int services, JsonNode? list) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "uiserver0/api/v2/services", token));
        Assert.Equal(200, services);
        Assert.Equal(6, list!.AsArray().Count);
    }
}
