using System.Reflection;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

using P21.Connector.Client.Models;
using P21.Functions.Inventory;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Inventory;

[Collection(AppCollection.Name)]
public sealed class InventoryFunctionsTests(SandboxFixture fixture)
{
    [Fact]
    public async Task ItemAsync_StockedItem_Returns200WithEveryLocation()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var (itemId, locations) = await StockedItemAsync(app);

        var (status, contentType, json) = await GetAsync(app, Uri.EscapeDataString(itemId));

        Assert.True(status == StatusCodes.Status200OK, json);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(itemId, document.RootElement.GetProperty("itemId").GetString());
        Assert.Equal(locations, document.RootElement.GetProperty("locations").GetArrayLength());
        Assert.True(document.RootElement.TryGetProperty("totalAvailable", out _));
    }

    [Fact]
    public async Task ItemAsync_UnknownItem_Returns404Problem()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        var (status, contentType, json) = await GetAsync(app, "NO-SUCH-ITEM-42");

        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("urn:p21-connector:problem:unknown-item", document.RootElement.GetProperty("type").GetString());
        Assert.Contains("NO-SUCH-ITEM-42", document.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemAsync_UnknownConnection_Returns400NamingTheConfiguredOnes()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        var (status, _, json) = await GetAsync(app, "ANY", "?connection=elsewhere");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains(FunctionsApp.Connection, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemAsync_P21Failing_Returns503ProblemNot500()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        fixture.Sandbox.Faults.ErrorRate = 1;
        (int Status, string? ContentType, string Json) answer;
        try
        {
            answer = await GetAsync(app, "ANY-ITEM");
        }
        finally
        {
            fixture.Sandbox.Faults.Reset();
        }

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("retry", answer.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BatchAsync_KnownAndUnknownIds_Returns200WithItemsAndUnknownList()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var (itemId, _) = await StockedItemAsync(app);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { itemIds = new[] { itemId, "NO-SUCH-ITEM-42" } }));

        var (status, _, json) = await PostAsync(app, body);

        Assert.True(status == StatusCodes.Status200OK, json);
        using var document = JsonDocument.Parse(json);
        var item = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(itemId, item.GetProperty("itemId").GetString());
        Assert.Equal("NO-SUCH-ITEM-42", Assert.Single(document.RootElement.GetProperty("unknown").EnumerateArray()).GetString());
    }

    [Theory]
    [InlineData("{\"itemIds\": []}")]
    [InlineData("{}")]
    [InlineData("{\"itemIds\": [\"A\"")]
    [InlineData("[1, 2]")]
    public async Task BatchAsync_NoUsableIds_Returns400Problem(string body)
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        var (status, contentType, _) = await PostAsync(app, Encoding.UTF8.GetBytes(body));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchAsync_MoreIdsThanAllowed_Returns400Problem()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["P21:Availability:MaxItemsPerCall"] = "2");
        var body = Encoding.UTF8.GetBytes("{\"itemIds\": [\"A\", \"B\", \"C\"]}");

        var (status, _, json) = await PostAsync(app, body);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains("at most 2", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchAsync_BodyOverLimit_Returns413()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["Inventory:MaxBatchBodyBytes"] = "1024");
        var http = app.Request(HttpMethods.Post, "/api/inventory/batch");
        var body = new CountingStream(1024 * 1024);
        http.Request.Body = body;

        var result = await app.Function<InventoryFunctions>().BatchAsync(http.Request);
        var (status, _, _) = await FunctionsApp.ExecuteAsync(result, http);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.Equal(1025, body.BytesRead);
    }

    [Theory]
    [InlineData(nameof(InventoryFunctions.ItemAsync), "InventoryItem", "get", "inventory/{*itemId}")]
    [InlineData(nameof(InventoryFunctions.BatchAsync), "InventoryBatch", "post", "inventory/batch")]
    public void Trigger_IsFunctionLevel(string method, string functionName, string verb, string route)
    {
        var info = typeof(InventoryFunctions).GetMethod(method)!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(functionName, info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
        Assert.Equal([verb], trigger.Methods ?? []);
        Assert.Equal(route, trigger.Route);
    }

    private static async Task<(string ItemId, int Locations)> StockedItemAsync(FunctionsApp app)
    {
        // P21 item ids carry spaces and '/', which is why the route is a catch-all and the test escapes the id.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in app.P21.QueryAsync(new ODataQuery("inv_loc", Filter: "delete_flag eq 'N'", Select: ["item_id", "location_id"], OrderBy: ["item_id", "location_id"])))
        {
            var id = row.GetString("item_id")!;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        var slashed = counts.Keys.FirstOrDefault(k => k.Contains('/', StringComparison.Ordinal)) ?? counts.Keys.First();
        return (slashed, counts[slashed]);
    }

    private static async Task<(int Status, string? ContentType, string Json)> GetAsync(FunctionsApp app, string itemId, string query = "")
    {
        var http = app.Request(HttpMethods.Get, "/api/inventory/" + itemId, contentType: null);
        http.Request.QueryString = new QueryString(query);
        var result = await app.Function<InventoryFunctions>().ItemAsync(http.Request, itemId);
        return await FunctionsApp.ExecuteAsync(result, http);
    }

    private static async Task<(int Status, string? ContentType, string Json)> PostAsync(FunctionsApp app, byte[] body)
    {
        var http = app.Request(HttpMethods.Post, "/api/inventory/batch", body);
        var result = await app.Function<InventoryFunctions>().BatchAsync(http.Request);
        return await FunctionsApp.ExecuteAsync(result, http);
    }
}
