using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>The <c>p21_view_es_*</c> views: one row per header, <c>unique_id</c>, and <c>max_date_last_modified</c> over every joined row.</summary>
public sealed class EsViewTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string View = "odataservice/odata/view/";
    private readonly HttpClient _http = fixture.Http;

    private async Task<JsonArray> QueryAsync(string pathAndQuery) => await Api.ODataAsync(_http, await Api.TokenAsync(_http), pathAndQuery);

    private async Task PutAsync(string table, string json)
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/rows/" + table, null, json: json));
        Assert.True(status is 200 or 201, $"{status}: {body?.ToJsonString()}");
    }

    private async Task<JsonObject> RowAsync(string view, string uniqueId) =>
        Assert.Single(await QueryAsync($"{View}{view}?$filter=unique_id eq '{uniqueId}'"))!.AsObject();

    [Fact]
    public async Task Item_UdRowChanged_MovesMaxDateLastModifiedOnly()
    {
        await PutAsync("inv_mast", """{"inv_mast_uid":990101,"item_id":"ES-1","item_desc":"Es bolt","date_last_modified":"2020-01-01T00:00:00-05:00"}""");
        JsonObject before = await RowAsync("p21_view_es_item", "990101");

        await PutAsync("inv_mast_ud", """{"inv_mast_uid":990101,"web_category":"bolts","date_last_modified":"2020-02-01T00:00:00-05:00"}""");
        JsonObject after = await RowAsync("p21_view_es_item", "990101");

        Assert.Equal("2020-01-01T00:00:00-05:00", before["max_date_last_modified"]!.GetValue<string>());
        Assert.Equal("2020-02-01T00:00:00-05:00", after["max_date_last_modified"]!.GetValue<string>());
        Assert.Equal("2020-01-01T00:00:00-05:00", after["date_last_modified"]!.GetValue<string>());
        Assert.Equal("ES-1", after["item_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SalesOrder_LineChanged_MovesMaxDateLastModified()
    {
        await PutAsync("oe_hdr", """{"order_no":"ES9001","customer_id":1,"date_last_modified":"2020-01-01T00:00:00-05:00"}""");
        await PutAsync("oe_line", """{"order_no":"ES9001","line_no":1,"item_id":"X","qty_ordered":1,"date_last_modified":"2020-01-02T00:00:00-05:00"}""");
        JsonObject before = await RowAsync("p21_view_es_sales_order", "ES9001");

        await PutAsync("oe_line", """{"order_no":"ES9001","line_no":1,"qty_ordered":2,"date_last_modified":"2020-03-01T08:30:00-05:00"}""");
        JsonObject after = await RowAsync("p21_view_es_sales_order", "ES9001");

        Assert.Equal("2020-01-02T00:00:00-05:00", before["max_date_last_modified"]!.GetValue<string>());
        Assert.Equal("2020-03-01T08:30:00-05:00", after["max_date_last_modified"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vendor_AddressChanged_MovesMaxDateLastModified()
    {
        await PutAsync("vendor", """{"company_id":"1","vendor_id":990102,"vendor_name":"Es vendor","date_last_modified":"2020-01-01T00:00:00-05:00"}""");
        await PutAsync("address", """{"id":990102,"name":"Es vendor","date_last_modified":"2020-04-01T00:00:00-05:00"}""");

        JsonObject row = await RowAsync("p21_view_es_vendor", "1|990102");

        Assert.Equal("2020-04-01T00:00:00-05:00", row["max_date_last_modified"]!.GetValue<string>());
    }

    [Fact]
    public async Task FilterOrderBySelectTop_OnMaxDateLastModified()
    {
        await PutAsync("inv_mast", """{"inv_mast_uid":990103,"item_id":"ES-3","date_last_modified":"2019-05-01T00:00:00-05:00"}""");
        await PutAsync("inv_mast_ud", """{"inv_mast_uid":990103,"web_category":"nuts","date_last_modified":"2019-06-01T00:00:00-05:00"}""");
        const string Window = "max_date_last_modified ge 2019-05-15T00:00:00-05:00 and max_date_last_modified lt 2019-07-01T00:00:00-05:00";

        JsonArray found = await QueryAsync($"{View}p21_view_es_item?$select=unique_id,max_date_last_modified&$filter={Window}&$orderby=max_date_last_modified desc,unique_id&$top=1");
        JsonArray none = await QueryAsync($"{View}p21_view_es_item?$select=max_date_last_modified&$filter=max_date_last_modified gt 2019-06-01T00:00:00-05:00 and max_date_last_modified lt 2019-07-01T00:00:00-05:00&$top=1");

        JsonObject row = Assert.Single(found)!.AsObject();
        Assert.Equal("990103", row["unique_id"]!.GetValue<string>());
        Assert.Equal(["unique_id", "max_date_last_modified"], row.Where(p => !p.Key.StartsWith('@')).Select(p => p.Key));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("p21_view_es_item", "inv_mast", "^[0-9]+$")]
    [InlineData("p21_view_es_customer", "customer", "^[^|]+\\|[0-9]+$")]
    [InlineData("p21_view_es_sales_order", "oe_hdr", "^.+$")]
    [InlineData("p21_view_es_vendor", "vendor", "^[^|]+\\|[0-9]+$")]
    [InlineData("p21_view_es_invoice_hdr", "invoice_hdr", "^.+$")]
    [InlineData("p21_view_es_ship_to", "ship_to", "^[^|]+\\|[0-9]+$")]
    public async Task EveryView_OneRowPerHeader_UniqueIdInItsFormat(string view, string header, string uniqueId)
    {
        JsonArray rows = await QueryAsync($"{View}{view}?$select=unique_id,max_date_last_modified&$orderby=unique_id&$top=100000");
        JsonArray headers = await QueryAsync($"odataservice/odata/table/{header}?$select=date_last_modified&$top=100000");

        Assert.Equal(headers.Count, rows.Count);
        Assert.All(rows, r => Assert.Matches(uniqueId, r!["unique_id"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.NotNull(r!["max_date_last_modified"]));
        Assert.Equal(rows.Count, rows.Select(r => r!["unique_id"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Stats_CountODataReadsByName()
    {
        string token = await Api.TokenAsync(_http);
        await Api.SendAsync(_http, Api.Request(HttpMethod.Delete, "_sandbox/stats", null));

        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, View + "p21_view_es_item?$top=1", token));
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, View + "P21_VIEW_ES_ITEM?$top=1", token));
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/inv_mast_ud?$top=1", token));
        (_, JsonNode? stats) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "_sandbox/stats", null));

        Assert.Equal("""{"inv_mast_ud":1,"p21_view_es_item":2}""", stats!["odataRequestsByName"]!.ToJsonString());
    }

    [Fact]
    public async Task Metadata_ListsUniqueIdKeyAndMaxDateLastModified()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, View + "$metadata", await Api.TokenAsync(_http)));

        Assert.Equal(200, status);
        JsonObject type = body!["P21"]!["p21_view_es_item"]!.AsObject();
        Assert.Equal("unique_id", type["$Key"]![0]!.GetValue<string>());
        Assert.Equal("Edm.DateTimeOffset", type["max_date_last_modified"]!["$Type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("PUT", "_sandbox/rows/p21_view_es_item")]
    [InlineData("DELETE", "_sandbox/rows/p21_view_es_item/1")]
    [InlineData("PUT", "odataservice/odata/view/p21_view_es_item")]
    [InlineData("GET", "odataservice/odata/table/p21_view_es_item")]
    public async Task View_IsReadOnly_AndOnlyOnTheViewPath(string method, string path)
    {
        (int status, _) = await Api.SendAsync(_http, Api.Request(new HttpMethod(method), path, await Api.TokenAsync(_http), json: method == "GET" ? null : """{"inv_mast_uid":1}"""));

        Assert.Contains(status, new[] { 404, 405 });
    }

    [Fact]
    public async Task EnterpriseSearchViewsOff_ViewsAre404AndAbsentFromMetadata_MirrorViewsStay()
    {
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { Customers = 2, Items = 3, SalesOrders = 1, PurchaseOrders = 0, Vendors = 1, EnterpriseSearchViews = false });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string token = await Api.TokenAsync(http);

        (int hidden, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, View + "p21_view_es_item?$top=1", token));
        (int mirror, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, View + "p21_view_inv_mast?$top=1", token));
        (_, JsonNode? metadata) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, View + "$metadata", token));

        Assert.Equal(404, hidden);
        Assert.Equal(200, mirror);
        Assert.Null(metadata!["P21"]!["p21_view_es_item"]);
        Assert.NotNull(metadata["P21"]!["p21_view_inv_mast"]);
    }
}
