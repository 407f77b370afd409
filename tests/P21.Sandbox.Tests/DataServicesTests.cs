using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>Data Services v1 (<c>/data/erp/views/v1</c>): v3 JSON, v3 literals, key addressing.</summary>
public sealed class DataServicesTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<(int Status, JsonNode? Body)> GetAsync(string path) =>
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http)));

    [Fact]
    public async Task View_V3Json_DecimalsAsStrings_DateTimesWithoutOffset_InlineCount()
    {
        (int status, JsonNode? feed) = await GetAsync("data/erp/views/v1/p21_view_customer?$filter=" + Uri.EscapeDataString("customer_id le 100003M") + "&$orderby=customer_id&$inlinecount=allpages");

        Assert.Equal(200, status);
        Assert.EndsWith("/data/erp/views/v1/$metadata#p21_view_customer", feed!["odata.metadata"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("3", feed["odata.count"]!.GetValue<string>());
        JsonArray rows = feed["value"]!.AsArray();
        Assert.Equal(["100001", "100002", "100003"], rows.Select(r => r!["customer_id"]!.GetValue<string>()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", rows[0]!["date_last_modified"]!.GetValue<string>());
    }

    [Fact]
    public async Task View_DatetimeLiteral_FiltersInServerLocalTime()
    {
        string token = await Api.TokenAsync(_http);
        JsonArray all = await Api.ODataAsync(_http, token, "odataservice/odata/view/p21_view_customer?$select=customer_id,date_last_modified&$orderby=date_last_modified&$top=5");
        // The v4 surface renders the server offset; v1's datetime'…' is the same local wall time without it.
        string local = all[2]!["date_last_modified"]!.GetValue<string>()[..19];

        (int status, JsonNode? feed) = await GetAsync("data/erp/views/v1/p21_view_customer?$filter=" + Uri.EscapeDataString($"date_last_modified le datetime'{local}'") + "&$inlinecount=allpages");

        Assert.Equal(200, status);
        Assert.Equal(3, int.Parse(feed!["odata.count"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("p21_view_customer(company_id='1',customer_id=100002M)", "customer_id", "100002")]
    [InlineData("p21_view_oe_hdr('1000001')", "order_no", "1000001")]
    public async Task View_ByKey_IsOneEntity(string segment, string column, string expected)
    {
        (int status, JsonNode? entity) = await GetAsync("data/erp/views/v1/" + segment);

        Assert.Equal(200, status);
        Assert.Equal(expected, entity![column]!.GetValue<string>());
        Assert.EndsWith("/@Element", entity["odata.metadata"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/erp/views/v1/p21_view_oe_hdr('9')", 404)]
    [InlineData("data/erp/views/v1/p21_view_customer('1')", 400)]
    [InlineData("data/erp/views/v1/p21_view_es_item", 404)]
    [InlineData("data/erp/views/v1/customer", 404)]
    [InlineData("data/erp/views/v1/p21_view_customer?$expand=x", 400)]
    [InlineData("data/erp/views/v1/p21_view_customer?$filter=customer_id%20eq", 400)]
    public async Task View_UnknownOrMalformed_IsRefusedWithAnODataError(string path, int expected)
    {
        (int status, JsonNode? body) = await GetAsync(path);

        Assert.Equal(expected, status);
        Assert.NotNull(body!["odata.error"]!["message"]!["value"]);
    }

    [Fact]
    public async Task ServiceDocument_ListsTheCuratedViews()
    {
        (int status, JsonNode? body) = await GetAsync("data/erp/views/v1");

        Assert.Equal(200, status);
        Assert.Contains(body!["value"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "p21_view_inv_mast");
        Assert.DoesNotContain(body["value"]!.AsArray(), v => v!["name"]!.GetValue<string>().StartsWith("p21_view_es_", StringComparison.Ordinal));
    }
}
