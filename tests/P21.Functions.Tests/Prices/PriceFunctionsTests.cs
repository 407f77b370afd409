using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;

using P21.Functions.Prices;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Prices;

[Collection(AppCollection.Name)]
public sealed class PriceFunctionsTests(SandboxFixture fixture)
{
    // The fixture's fastener ids all hold a '/', which P21's price route cannot address; this one can be priced.
    private const string PricedItem = "PRICE-FN-1";

    [Fact]
    public async Task CustomerAsync_KnownCustomerAndItem_Returns200WithTheEnginesPrice()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        await EnsurePricedItemAsync();

        var (status, contentType, json) = await GetAsync(app, "100001", $"?items={PricedItem},NO-SUCH-ITEM-42&qty=3");

        Assert.True(status == StatusCodes.Status200OK, json);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var price = Assert.Single(document.RootElement.GetProperty("prices").EnumerateArray());
        Assert.Equal((PricedItem, 12.34m, 37.02m, 3m), (price.GetProperty("itemId").GetString(), price.GetProperty("unitPrice").GetDecimal(),
            price.GetProperty("extendedPrice").GetDecimal(), price.GetProperty("quantity").GetDecimal()));
        Assert.Equal("NO-SUCH-ITEM-42", Assert.Single(document.RootElement.GetProperty("unknownItems").EnumerateArray()).GetString());
    }

    [Theory]
    [InlineData("999999", "?items=" + PricedItem, StatusCodes.Status404NotFound, "unknown-customer", "customerId")]
    [InlineData("100001", "?items=NO-SUCH-ITEM-42", StatusCodes.Status404NotFound, "unknown-item", "items")]
    [InlineData("100001", "?items=HCS 1/4-20X1 ZP", StatusCodes.Status422UnprocessableEntity, "unpriceable-item", "items")]
    [InlineData("100001", "", StatusCodes.Status400BadRequest, "invalid-request", "items")]
    [InlineData("100001", "?items=A&qty=many", StatusCodes.Status400BadRequest, "invalid-request", "qty")]
    [InlineData("100001", "?items=A&qty=0", StatusCodes.Status400BadRequest, "invalid-request", "qty")]
    [InlineData("abc", "?items=A", StatusCodes.Status400BadRequest, "invalid-request", "customerId")]
    [InlineData("100001", "?items=A&connection=elsewhere", StatusCodes.Status400BadRequest, "unknown-connection", "connection")]
    public async Task CustomerAsync_NoPriceToGive_ReturnsAProblemNamingTheField(string customerId, string query, int expected, string type, string field)
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        await EnsurePricedItemAsync();

        var (status, contentType, json) = await GetAsync(app, customerId, query);

        Assert.True(status == expected, json);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("urn:p21-connector:problem:" + type, document.RootElement.GetProperty("type").GetString());
        Assert.True(document.RootElement.GetProperty("errors").TryGetProperty(field, out _), json);
    }

    [Fact]
    public async Task BatchAsync_MixedLines_Returns200WithPricesAndWhatCouldNotBePriced()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        await EnsurePricedItemAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            prices = new object[]
            {
                new { customerId = "100001", itemId = PricedItem, qty = 2 },
                new { customerId = "100002", itemId = PricedItem },
                new { customerId = "999999", itemId = PricedItem },
                new { customerId = "100001", itemId = "NO-SUCH-ITEM-42" },
                new { customerId = "100001", itemId = "HCS 1/4-20X1 ZP" },
            },
        });

        var (status, _, json) = await PostAsync(app, body);

        Assert.True(status == StatusCodes.Status200OK, json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal([("100001", 2m), ("100002", 1m)], root.GetProperty("prices").EnumerateArray().Select(p => (p.GetProperty("customerId").GetString(), p.GetProperty("quantity").GetDecimal())));
        Assert.Equal("999999", Assert.Single(root.GetProperty("unknownCustomers").EnumerateArray()).GetString());
        Assert.Equal("NO-SUCH-ITEM-42", Assert.Single(root.GetProperty("unknownItems").EnumerateArray()).GetProperty("itemId").GetString());
        Assert.Equal("HCS 1/4-20X1 ZP", Assert.Single(root.GetProperty("unpriceableItems").EnumerateArray()).GetProperty("itemId").GetString());
    }

    [Theory]
    [InlineData("{\"prices\": []}", "prices")]
    [InlineData("{}", "prices")]
    [InlineData("{\"prices\": [{\"customerId\": \"100001\"}]}", "prices[0]")]
    [InlineData("{\"prices\": [{\"customerId\": \"100001\", \"itemId\": \"A\", \"qty\": \"lots\"}]}", "prices[0].qty")]
    [InlineData("{\"prices\": [", "prices[0]")]
    public async Task BatchAsync_BadBody_Returns400NamingTheField(string body, string field)
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        var (status, contentType, json) = await PostAsync(app, Encoding.UTF8.GetBytes(body));

        Assert.True(status == StatusCodes.Status400BadRequest, json);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("errors").TryGetProperty(field, out _), json);
    }

    [Fact]
    public async Task BatchAsync_MorePricesThanAllowed_Returns400()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["P21:Pricing:MaxPricesPerCall"] = "2");
        var body = Encoding.UTF8.GetBytes("{\"prices\": [{\"customerId\":\"1\",\"itemId\":\"A\"},{\"customerId\":\"1\",\"itemId\":\"B\"},{\"customerId\":\"1\",\"itemId\":\"C\"}]}");

        var (status, _, json) = await PostAsync(app, body);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains("at most 2", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchAsync_BodyOverLimit_Returns413()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["Prices:MaxBatchBodyBytes"] = "1024");
        var http = app.Request(HttpMethods.Post, "/api/prices/batch", new byte[4096]);

        var result = await app.Function<PriceFunctions>().BatchAsync(http.Request);
        var (status, _, _) = await FunctionsApp.ExecuteAsync(result, http);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
    }

    [Fact]
    public async Task CustomerAsync_P21Failing_Returns503ProblemNot500()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        fixture.Sandbox.Faults.ErrorRate = 1;
        (int Status, string? ContentType, string Json) answer;
        try
        {
            answer = await GetAsync(app, "100003", "?items=" + PricedItem);
        }
        finally
        {
            fixture.Sandbox.Faults.Reset();
        }

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Status);
        Assert.Contains("retry", answer.Json, StringComparison.OrdinalIgnoreCase);
    }

    private async Task EnsurePricedItemAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Sandbox.BaseAddress };
        using var put = await http.PutAsJsonAsync("_sandbox/rows/inv_mast", new Dictionary<string, object>
        {
            ["inv_mast_uid"] = 950_001,
            ["item_id"] = PricedItem,
            ["item_desc"] = "Priced in tests",
            ["default_selling_unit"] = "EA",
            ["base_unit"] = "EA",
            ["default_product_group"] = "PRFN",
            ["price1"] = 12.34m,
            ["delete_flag"] = "N",
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private static async Task<(int Status, string? ContentType, string Json)> GetAsync(FunctionsApp app, string customerId, string query)
    {
        var http = app.Request(HttpMethods.Get, "/api/prices/" + customerId, contentType: null);
        http.Request.QueryString = new QueryString(query.Replace(" ", "%20", StringComparison.Ordinal));
        var result = await app.Function<PriceFunctions>().CustomerAsync(http.Request, customerId);
        return await FunctionsApp.ExecuteAsync(result, http);
    }

    private static async Task<(int Status, string? ContentType, string Json)> PostAsync(FunctionsApp app, byte[] body)
    {
        var http = app.Request(HttpMethods.Post, "/api/prices/batch", body);
        var result = await app.Function<PriceFunctions>().BatchAsync(http.Request);
        return await FunctionsApp.ExecuteAsync(result, http);
    }
}
