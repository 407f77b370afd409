using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

public sealed class AcceptanceTests
{
    [Fact]
    public async Task Walk_TokenThenODataThenOrderCreate_OrderShowsInOeHdr()
    {
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions());
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        string token = await Api.TokenAsync(http);
        JsonArray customers = await Api.ODataAsync(http, token, "odataservice/odata/table/customer?$top=5");
        Assert.Equal(5, customers.Count);
        string customerId = customers[0]!["customer_id"]!.ToString();

        (int status, JsonNode? body) = await Api.PostTransactionAsync(http, token, Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader(customerId, customerId)),
            Api.Element("TP_ITEMS.items", "List", ["user_line_no"], new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "10", ["user_line_no"] = "10" })));
        Assert.Equal(200, status);
        string orderNo = Api.ResultValue(body!, "order_no");

        JsonArray headers = await Api.ODataAsync(http, token, $"odataservice/odata/table/oe_hdr?$filter=order_no eq '{orderNo}'");
        Assert.Equal(customerId, headers.Single()!["customer_id"]!.ToString());
    }

    [Fact]
    public async Task Scale_HundredThousandRows_SeedsAndPages()
    {
        // 25k orders with ~3 lines each plus pick tickets and invoices: well over 100k rows.
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { SalesOrders = 25_000, Items = 2_000, Customers = 2_000 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string token = await Api.TokenAsync(http);
        (int status, JsonNode? counted) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/oe_line?$top=1&$count=true", token));
        Assert.Equal(200, status);
        Assert.True(counted!["@odata.count"]!.GetValue<long>() > 60_000);
        JsonArray page = await Api.ODataAsync(http, token, "odataservice/odata/table/oe_line?$orderby=order_no,line_no&$skip=50000&$top=5000");
        Assert.Equal(5000, page.Count);
        using HttpResponseMessage order = await http.GetAsync($"_sandbox/stats");
        Assert.True((await order.Content.ReadFromJsonAsync<JsonObject>())!["rowsServed"]!.GetValue<long>() >= 5001);
    }
}
