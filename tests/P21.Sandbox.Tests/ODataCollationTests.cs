using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>
/// P21's OData runs on SQL Server with a case-insensitive collation: every string comparison and ordering ignores
/// case; a $filter that does not parse is a 400.
/// </summary>
public sealed class ODataCollationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<JsonArray> QueryAsync(string pathAndQuery) => await Api.ODataAsync(_http, await Api.TokenAsync(_http), pathAndQuery);

    private async Task<int> CountAsync(string filter) =>
        (await QueryAsync($"odataservice/odata/table/customer?$select=customer_id&$filter={Uri.EscapeDataString(filter)}")).Count;

    [Theory]
    [InlineData("startswith(customer_name,'acme')", "startswith(customer_name,'Acme')", 4)]
    [InlineData("endswith(customer_name,'CONSTRUCTION')", "endswith(customer_name,'Construction')", 15)]
    [InlineData("contains(customer_name,'sTEEL')", "contains(customer_name,'Steel')", 15)]
    [InlineData("delete_flag eq 'y'", "delete_flag eq 'Y'", 2)]
    [InlineData("delete_flag ne 'n'", "delete_flag ne 'N'", 2)]
    public async Task StringFunctionsAndEquality_IgnoreCase(string otherCase, string seedCase, int expected)
    {
        Assert.Equal(expected, await CountAsync(seedCase));
        Assert.Equal(expected, await CountAsync(otherCase));
    }

    [Fact]
    public async Task EqOnAName_MatchesWhateverTheCase()
    {
        string name = (await QueryAsync("odataservice/odata/table/customer?$select=customer_name&$top=1&$orderby=customer_id"))[0]!["customer_name"]!.GetValue<string>();

        Assert.Equal(1, await CountAsync($"customer_name eq '{name.ToUpperInvariant().Replace("'", "''", StringComparison.Ordinal)}'"));
        Assert.Equal(1, await CountAsync($"customer_name eq '{name.ToLowerInvariant().Replace("'", "''", StringComparison.Ordinal)}'"));
    }

    [Fact]
    public async Task OrderingComparisonsAndOrderBy_IgnoreCase()
    {
        (int inserted, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/rows/location", null,
            json: """{"company_id":"1","location_id":90,"location_name":"alpha depot","default_branch_id":"90","server_time_zone_offset":-5}"""));
        Assert.Equal(200, inserted);

        // Binary order would put the lower-case name after every capitalised one.
        JsonArray ordered = await QueryAsync("odataservice/odata/table/location?$select=location_name&$orderby=location_name");
        Assert.Equal("alpha depot", ordered[0]!["location_name"]!.GetValue<string>());
        JsonArray below = await QueryAsync($"odataservice/odata/table/location?$select=location_name&$filter={Uri.EscapeDataString("location_name lt 'B'")}");
        Assert.Contains(below, static r => r!["location_name"]!.GetValue<string>() == "alpha depot");
        JsonArray above = await QueryAsync($"odataservice/odata/table/location?$select=location_name&$filter={Uri.EscapeDataString("location_name le 'ALPHA DEPOT'")}");
        Assert.Contains(above, static r => r!["location_name"]!.GetValue<string>() == "alpha depot");
    }

    [Fact]
    public async Task StringKey_IsUniqueIgnoringCase_SoKeysetOrderHasNoTies()
    {
        (int first, JsonNode? inserted) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/rows/contacts", null,
            json: """{"id":"CI-KEY-1","company_id":"1","address_id":100001,"first_name":"Ada","last_name":"Upper"}"""));
        (int second, JsonNode? updated) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/rows/contacts", null,
            json: """{"id":"ci-key-1","last_name":"Lower"}"""));

        Assert.Equal((200, "inserted"), (first, inserted!["action"]!.GetValue<string>()));
        Assert.Equal((200, "updated"), (second, updated!["action"]!.GetValue<string>()));
        JsonArray rows = await QueryAsync($"odataservice/odata/table/contacts?$select=id,last_name&$filter={Uri.EscapeDataString("startswith(id,'ci-key')")}");
        JsonNode row = Assert.Single(rows)!;
        Assert.Equal(("CI-KEY-1", "Lower"), (row["id"]!.GetValue<string>(), row["last_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ItemId_DifferingOnlyInCase_IsRefused()
    {
        string itemId = (await QueryAsync("odataservice/odata/table/inv_mast?$select=item_id&$top=1&$orderby=inv_mast_uid"))[0]!["item_id"]!.GetValue<string>();

        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/rows/inv_mast", null,
            json: $$"""{"inv_mast_uid":990101,"item_id":"{{itemId.ToLowerInvariant()}}","item_desc":"same item, other case"}"""));

        Assert.Equal(409, status);
        Assert.Single(await QueryAsync($"odataservice/odata/table/inv_mast?$select=item_id&$filter={Uri.EscapeDataString($"item_id eq '{itemId.Replace("'", "''", StringComparison.Ordinal)}'")}"));
    }

    [Theory]
    [InlineData("customer_id eq")]
    [InlineData("(customer_id eq 1")]
    [InlineData("customer_id eq 1)")]
    [InlineData("startswith(customer_name,")]
    [InlineData("customer_name eq 'unterminated")]
    [InlineData("customer_id == 1")]
    public async Task FilterSyntaxError_Returns400(string filter)
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get,
            $"odataservice/odata/table/customer?$filter={Uri.EscapeDataString(filter)}", await Api.TokenAsync(_http)));

        Assert.Equal(400, status);
        Assert.Contains("filter", body!["error"]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProductGroup_Table_HoldsEveryGroupTheItemsUse()
    {
        JsonArray groups = await QueryAsync("odataservice/odata/table/product_group?$select=product_group_id");
        JsonArray items = await QueryAsync("odataservice/odata/table/inv_mast?$select=default_product_group&$filter=default_product_group ne null");

        string[] ids = [.. groups.Select(static g => g!["product_group_id"]!.GetValue<string>())];
        Assert.NotEmpty(ids);
        Assert.All(items, i => Assert.Contains(i!["default_product_group"]!.GetValue<string>(), ids));
    }
}
