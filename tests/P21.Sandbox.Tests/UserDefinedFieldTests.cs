using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary><c>/api/extensibility/userdefinedfields/tables</c>: the live *_ud tables and their fields.</summary>
public sealed class UserDefinedFieldTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<(int Status, JsonNode? Body)> GetAsync(string path) =>
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http)));

    [Fact]
    public async Task Tables_ListEveryUdTableWithItsFields_NotItsKeys()
    {
        (int status, JsonNode? tables) = await GetAsync("api/extensibility/userdefinedfields/tables");

        Assert.Equal(200, status);
        JsonNode customer = tables!.AsArray().First(t => t!["TableName"]!.GetValue<string>() == "customer")!;
        Assert.Equal("customer_ud", customer["UdTableName"]!.GetValue<string>());
        Assert.Equal(["ecommerce_customer_id"], customer["Fields"]!.AsArray().Select(f => f!["FieldName"]!.GetValue<string>()));
        Assert.Equal(["customer", "inv_mast", "oe_hdr"], tables.AsArray().Select(t => t!["TableName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Table_AFieldAddedAtRunTime_IsListed_UnknownTableIs404()
    {
        (int added, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "_sandbox/ud-fields", null, json: """{"table":"inv_mast_ud","column":"udf_test_color","type":"varchar","length":20}"""));

        (int status, JsonNode? table) = await GetAsync("api/extensibility/userdefinedfields/tables/inv_mast");
        (int unknown, _) = await GetAsync("api/extensibility/userdefinedfields/tables/customer_x");

        Assert.True(added is 200 or 201, added.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200, status);
        Assert.Contains(table!["Fields"]!.AsArray(), f => f!["FieldName"]!.GetValue<string>() == "udf_test_color");
        Assert.Equal(404, unknown);
    }
}
