using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>The /api/inventory/parts REST family and the quirks real P21 has there.</summary>
public sealed class InventoryPartTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<string> ItemWithoutSlashAsync(string token)
    {
        JsonArray items = await Api.ODataAsync(_http, token, "odataservice/odata/table/inv_mast?$select=item_id&$orderby=item_id&$top=200&$filter=delete_flag eq 'N'");
        return items.Select(i => i!["item_id"]!.GetValue<string>()).First(id => !id.Contains('/', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_WithLocations_AnswersThePartAndItsStockPerLocation()
    {
        string token = await Api.TokenAsync(_http);
        string item = await ItemWithoutSlashAsync(token);

        (int status, JsonNode? part) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{Uri.EscapeDataString(item)}?extendedproperties=Locations", token));

        Assert.Equal(200, status);
        Assert.Equal(item, part!["ItemId"]!.GetValue<string>());
        JsonArray locations = part["Locations"]!["list"]!.AsArray();
        Assert.NotEmpty(locations);
        string filter = Uri.EscapeDataString($"item_id eq '{item.Replace("'", "''", StringComparison.Ordinal)}' and delete_flag eq 'N'");
        JsonArray stock = await Api.ODataAsync(_http, token, $"odataservice/odata/table/inv_loc?$select=location_id,qty_on_hand&$orderby=location_id&$filter={filter}");
        Assert.Equal(stock.Select(s => (s!["location_id"]!.GetValue<decimal>(), s["qty_on_hand"]!.GetValue<decimal>())),
            locations.Select(l => (l!["LocationId"]!.GetValue<decimal>(), l["QtyOnHand"]!.GetValue<decimal>())));
        (int plain, JsonNode? bare) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{Uri.EscapeDataString(item)}", token));
        Assert.Equal(200, plain);
        Assert.Null(bare!["Locations"]);
    }

    [Fact]
    public async Task Get_ItemIdWithASlash_Is404HoweverItIsEncoded()
    {
        string token = await Api.TokenAsync(_http);
        JsonArray items = await Api.ODataAsync(_http, token, "odataservice/odata/table/inv_mast?$select=item_id&$orderby=item_id&$top=200&$filter=delete_flag eq 'N'");
        string item = items.Select(i => i!["item_id"]!.GetValue<string>()).First(id => id.Contains('/', StringComparison.Ordinal));

        (int encoded, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{Uri.EscapeDataString(item)}", token));
        (int raw, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{item.Replace(" ", "%20", StringComparison.Ordinal)}", token));

        Assert.Equal((404, 404), (encoded, raw));
        Assert.Contains("was not found", body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutQuery_NeverAnswers()
    {
        string token = await Api.TokenAsync(_http);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Exception? answered = await Record.ExceptionAsync(() => _http.SendAsync(Api.Request(HttpMethod.Get, "api/inventory/parts", token), giveUp.Token));

        Assert.True(answered is OperationCanceledException, answered?.Message ?? "the list call answered");
    }

    [Fact]
    public async Task Put_DescriptionLongerThanItsColumn_IsDroppedSilently_AShortOneIsStored()
    {
        string token = await Api.TokenAsync(_http);
        string item = await ItemWithoutSlashAsync(token);
        string path = $"api/inventory/parts/{Uri.EscapeDataString(item)}";
        (_, JsonNode? before) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, token));

        (int tooLong, JsonNode? kept) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, path, token, json: $$"""{"ItemId":"{{item}}","ItemDesc":"{{new string('D', 41)}}"}"""));
        (int fits, JsonNode? stored) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, path, token, json: $$"""{"ItemId":"{{item}}","ItemDesc":"Hex cap screw, zinc"}"""));
        (_, JsonNode? after) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, token));

        Assert.Equal((200, 200), (tooLong, fits));
        Assert.Equal(before!["ItemDesc"]!.GetValue<string>(), kept!["ItemDesc"]!.GetValue<string>());
        Assert.Equal("Hex cap screw, zinc", stored!["ItemDesc"]!.GetValue<string>());
        Assert.Equal("Hex cap screw, zinc", after!["ItemDesc"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_WithoutAcceptJson_AnswersXml_AndAnUnknownItemIs404()
    {
        string token = await Api.TokenAsync(_http);
        string item = await ItemWithoutSlashAsync(token);
        using HttpResponseMessage xml = await _http.SendAsync(Api.Request(HttpMethod.Get, $"api/inventory/parts/{Uri.EscapeDataString(item)}", token, accept: null));
        (int unknown, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/inventory/parts/NO-SUCH-ITEM-42", token));

        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<Part", (await xml.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(404, unknown);
    }
}
