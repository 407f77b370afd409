using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

using Microsoft.Extensions.Time.Testing;

namespace P21.Sandbox.Tests;

public sealed class ODataTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<JsonArray> QueryAsync(string pathAndQuery) => await Api.ODataAsync(_http, await Api.TokenAsync(_http), pathAndQuery);

    [Fact]
    public async Task Table_TopAndCount_ReturnsContextCountAndODataVersionHeader()
    {
        string token = await Api.TokenAsync(_http);
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, "odataservice/odata/table/customer?$top=5&$count=true", token));
        JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        Assert.EndsWith("/odataservice/odata/table/$metadata#customer", body["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(50, body["@odata.count"]!.GetValue<long>());
        Assert.Equal(5, body["value"]!.AsArray().Count);
        Assert.Null(body["@odata.nextLink"]);
    }

    [Fact]
    public async Task Table_NameIsCaseInsensitive()
    {
        Assert.Equal(3, (await QueryAsync("odataservice/odata/table/LOCATION")).Count);
    }

    [Theory]
    [InlineData("customer_id eq 100003", 1)]
    [InlineData("customer_id ne 100003", 49)]
    [InlineData("customer_id gt 100045", 5)]
    [InlineData("customer_id ge 100045", 6)]
    [InlineData("customer_id lt 100003", 2)]
    [InlineData("customer_id le 100003", 3)]
    [InlineData("customer_id le 100003 and delete_flag eq 'N'", 3)]
    [InlineData("customer_id eq 100001 or customer_id eq 100050", 2)]
    [InlineData("not (customer_id le 100047)", 3)]
    [InlineData("(customer_id eq 100001 or customer_id eq 100002) and customer_id ne 100002", 1)]
    [InlineData("startswith(customer_name,'Acme')", 4)]
    [InlineData("endswith(customer_name,'Construction')", 15)]
    [InlineData("contains(customer_name,'Steel')", 15)]
    [InlineData("delete_flag eq 'Y'", 2)]
    public async Task Filter_Operators_SelectExpectedRows(string filter, int expected)
    {
        JsonArray rows = await QueryAsync($"odataservice/odata/table/customer?$select=customer_id&$filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(expected, rows.Count);
    }

    [Fact]
    public async Task Filter_StringLiteralWithQuoteEscape_IsParameterized()
    {
        JsonArray rows = await QueryAsync($"odataservice/odata/table/customer?$filter={Uri.EscapeDataString("customer_name eq 'x'' OR 1=1 --'")}");
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Filter_DatetimeLiterals_UtcOffsetAndDateAreEquivalent()
    {
        // Server is UTC-5: 2025-06-01T05:00:00Z is 2025-06-01 00:00:00 local.
        int utc = (await QueryAsync($"odataservice/odata/table/oe_hdr?$select=order_no&$filter={Uri.EscapeDataString("date_created ge 2025-06-01T05:00:00Z")}")).Count;
        int local = (await QueryAsync($"odataservice/odata/table/oe_hdr?$select=order_no&$filter={Uri.EscapeDataString("date_created ge 2025-06-01T00:00:00-05:00")}")).Count;
        int date = (await QueryAsync($"odataservice/odata/table/oe_hdr?$select=order_no&$filter={Uri.EscapeDataString("date_created ge 2025-06-01")}")).Count;
        Assert.InRange(utc, 1, 99);
        Assert.Equal(utc, local);
        Assert.Equal(utc, date);
    }

    [Fact]
    public async Task Datetimes_RenderedWithServerOffset()
    {
        JsonArray rows = await QueryAsync("odataservice/odata/table/customer?$top=1&$select=date_last_modified");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$", rows[0]!["date_last_modified"]!.GetValue<string>());
    }

    [Fact]
    public async Task OrderBy_MultiKeyAscDesc_SortsAndSkipTopPage()
    {
        JsonArray all = await QueryAsync("odataservice/odata/table/oe_hdr?$select=order_no,date_created&$orderby=date_created desc,order_no asc");
        var expected = all.Select(static r => (Date: r!["date_created"]!.GetValue<string>(), No: r["order_no"]!.GetValue<string>()))
            .OrderByDescending(static r => r.Date, StringComparer.Ordinal).ThenBy(static r => r.No, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(static e => e.No), all.Select(static r => r!["order_no"]!.GetValue<string>()));
        JsonArray page = await QueryAsync("odataservice/odata/table/oe_hdr?$select=order_no&$orderby=date_created desc,order_no asc&$skip=10&$top=5");
        Assert.Equal(expected.Skip(10).Take(5).Select(static e => e.No), page.Select(static r => r!["order_no"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Select_ReturnsOnlyThoseColumnsAndContextNamesThem()
    {
        string token = await Api.TokenAsync(_http);
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/inv_mast?$top=2&$select=item_id,price1", token));
        Assert.Equal(200, status);
        Assert.EndsWith("#inv_mast(item_id,price1)", body!["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["item_id", "price1"], body["value"]![0]!.AsObject().Select(static p => p.Key));
    }

    [Fact]
    public async Task InOperator_IsSilentlyIgnored_ReturnsWholeSet()
    {
        JsonArray rows = await QueryAsync($"odataservice/odata/table/customer?$select=customer_id&$filter={Uri.EscapeDataString("customer_id in (100001,100002)")}");
        Assert.Equal(50, rows.Count);
    }

    [Theory]
    [InlineData("odataservice/odata/table/no_such_table")]
    [InlineData("odataservice/odata/table/customer?$select=no_such_column")]
    [InlineData("odataservice/odata/table/customer?$filter=no_such_column eq 1")]
    [InlineData("odataservice/odata/table/customer?$orderby=no_such_column")]
    [InlineData("odataservice/odata/table/supplier?$filter=row_status_flag eq 704")]
    [InlineData("odataservice/odata/table/customer?$filter=customer_id eq '100001'")]
    [InlineData("odataservice/odata/table/customer?$filter=date_created lt now()")]
    [InlineData("odataservice/odata/table/customer?$filter=tolower(customer_name) eq 'x'")]
    [InlineData("odataservice/odata/$metadata")]
    public async Task Unknown_TableColumnOrFunction_Returns404(string path)
    {
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http)));
        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("odataservice/odata/view/customer")]
    [InlineData("odataservice/odata/table/p21_view_oe_hdr")]
    public async Task WrongSurface_ReturnsEmptyBodied404(string path)
    {
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http)));
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Views_MirrorTheirTables()
    {
        Assert.Equal(100, (await QueryAsync("odataservice/odata/view/p21_view_oe_hdr?$select=order_no")).Count);
        Assert.Equal(600, (await QueryAsync("odataservice/odata/view/p21_view_inv_loc?$select=item_id")).Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/xml")]
    public async Task WithoutJsonAccept_AnswersXml(string? accept)
    {
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, "odataservice/odata/table/location", await Api.TokenAsync(_http), accept));
        Assert.Equal(200, (int)response.StatusCode);
        XElement feed = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("feed", feed.Name.LocalName);
        Assert.Equal(3, feed.Elements().Count(static e => e.Name.LocalName == "entry"));
    }

    [Fact]
    public async Task JsonAndStarAccept_AnswersJson()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", await Api.TokenAsync(_http), "application/json, */*"));
        Assert.Equal(200, status);
        Assert.Equal(3, body!["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task Metadata_IsJsonCsdlOfTables()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/$metadata", await Api.TokenAsync(_http)));
        Assert.Equal(200, status);
        Assert.Equal("4.0", body!["$Version"]!.GetValue<string>());
        Assert.Equal("EntityType", body["P21"]!["oe_line"]!["$Kind"]!.GetValue<string>());
        Assert.NotNull(body["P21"]!["oe_line"]!["item_id"]);
        Assert.Null(body["P21"]!["p21_view_oe_hdr"]);
    }

    [Fact]
    public async Task Timestamps_TieAtOneSecondResolution()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 15, 30, 10, TimeSpan.Zero).AddMilliseconds(100));
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { TimeProvider = time, Customers = 5, Items = 10, SalesOrders = 2, PurchaseOrders = 1 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using (HttpResponseMessage a = await http.PostAsync("_sandbox/stock", JsonContent.Create(new { itemId = "HCS 1/4-20X1 ZP", locationId = 10, qtyOnHand = 1 })))
        {
            a.EnsureSuccessStatusCode();
        }

        time.Advance(TimeSpan.FromMilliseconds(700));
        using (HttpResponseMessage b = await http.PostAsync("_sandbox/stock", JsonContent.Create(new { itemId = "CB 1/4-20X1 ZP", locationId = 10, qtyOnHand = 2 })))
        {
            b.EnsureSuccessStatusCode();
        }

        string token = await Api.TokenAsync(http);
        JsonArray rows = await Api.ODataAsync(http, token, $"odataservice/odata/table/inv_loc?$select=item_id,date_last_modified&$filter={Uri.EscapeDataString("date_last_modified ge 2026-05-04T10:30:10-05:00")}");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, static r => Assert.Equal("2026-05-04T10:30:10-05:00", r!["date_last_modified"]!.GetValue<string>()));
    }
}
