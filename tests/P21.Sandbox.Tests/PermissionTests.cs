using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>Dataservice permission per table; each test owns its sandbox because the knob is global.</summary>
public sealed class PermissionTests : IAsyncLifetime
{
    private SandboxHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(new SandboxOptions { Customers = 3, Items = 3, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1, DeniedTables = new HashSet<string> { "inv_loc" } });
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task OData_DeniedTableFromOptions_UserTokenGets403NotAuthorized_OtherTablesRead()
    {
        string token = await Api.TokenAsync(_http);

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/inv_loc?$top=1", token));

        Assert.Equal(403, status);
        Assert.Equal("You are not authorized to access API", body!["Message"]!.GetValue<string>());
        Assert.NotEmpty(await Api.ODataAsync(_http, token, "odataservice/odata/table/customer?$top=1"));
    }

    [Fact]
    public async Task OData_DeniedTable_ConsumerKeyTokenBypassesTheCheck()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/security/token/v2", new { GrantType = "client_credentials", ClientSecret = "sandbox-consumer-key" });
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string consumer = json.RootElement.GetProperty("AccessToken").GetString()!;

        Assert.NotEmpty(await Api.ODataAsync(_http, consumer, "odataservice/odata/table/inv_loc?$top=1"));
    }

    [Fact]
    public async Task PutPermissions_ReplacesTheDeniedSet_CaseInsensitive_AndGetReadsItBack()
    {
        string token = await Api.TokenAsync(_http);

        (int put, JsonNode? set) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/permissions", null, json: """{"deniedTables":["Customer","p21_view_inv_mast"]}"""));
        (int customer, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/customer?$top=1", token));
        (int view, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/view/p21_view_inv_mast?$top=1", token));
        (int get, JsonNode? read) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "_sandbox/permissions", null));

        Assert.Equal(200, put);
        Assert.Equal(403, customer);
        Assert.Equal(403, view);
        Assert.NotEmpty(await Api.ODataAsync(_http, token, "odataservice/odata/table/inv_loc?$top=1"));
        Assert.Equal(200, get);
        Assert.Equal(set!.ToJsonString(), read!.ToJsonString());
        Assert.Equal(["Customer", "p21_view_inv_mast"], read!["deniedTables"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["Customer", "p21_view_inv_mast"], _host.Permissions.DeniedTables);

        (int cleared, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/permissions", null, json: """{"deniedTables":[]}"""));
        Assert.Equal(200, cleared);
        Assert.NotEmpty(await Api.ODataAsync(_http, token, "odataservice/odata/table/customer?$top=1"));
    }

    [Fact]
    public async Task OData_DeniedTable_MetadataStillServed()
    {
        string token = await Api.TokenAsync(_http);

        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/$metadata", token));

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"deniedTables":"inv_loc"}""")]
    [InlineData("""{"deniedTables":[1]}""")]
    public async Task PutPermissions_BadBody_400AndTheSetIsUnchanged(string body)
    {
        (int status, JsonNode? error) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/permissions", null, json: body));

        Assert.Equal(400, status);
        Assert.Contains("deniedTables", error!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["inv_loc"], _host.Permissions.DeniedTables);
    }
}
