using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using P21.Sandbox;

namespace P21.Cli.Tests;

/// <summary>One sandbox on a free loopback port for a test class, plus the connection options that reach it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static readonly SandboxOptions Options = new() { Customers = 12, Items = 30, SalesOrders = 12, PurchaseOrders = 4, Vendors = 3, OtherChargeItems = true };

    public SandboxHost Host { get; private set; } = null!;

    public string Url => Host.BaseAddress.ToString();

    /// <summary>The connection options for this sandbox with user/password auth and in-memory storage.</summary>
    public string[] Connection(params string[] more) => ConnectionWith("-05:00", "memory", more);

    /// <summary>The connection options with a chosen UTC offset and storage, and a fresh connection name.</summary>
    public string[] ConnectionWith(string offset, string storage, params string[] more) =>
        ["--p21", Url, "--user", Options.UserName, "--password", Options.Password, "--utc-offset", offset, "--storage", storage, "--connection", "t" + Guid.NewGuid().ToString("N")[..10], .. more];

    /// <summary>The first live item id, read over the sandbox's own OData API.</summary>
    public async Task<string> FirstItemAsync()
    {
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        using HttpResponseMessage token = await http.PostAsJsonAsync("api/security/token/v2", new { username = Options.UserName, password = Options.Password });
        using JsonDocument tokenJson = JsonDocument.Parse(await token.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "odataservice/odata/table/inv_mast?$filter=delete_flag eq 'N'&$select=item_id&$orderby=item_id&$top=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenJson.RootElement.GetProperty("AccessToken").GetString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage rows = await http.SendAsync(request);
        using JsonDocument json = JsonDocument.Parse(await rows.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("value")[0].GetProperty("item_id").GetString()!;
    }

    /// <summary>Rows of an OData read of the sandbox (path and query after <c>odataservice/odata/table/</c>), as an auditor would read P21.</summary>
    public async Task<List<JsonElement>> ODataAsync(string tableAndQuery)
    {
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        using HttpResponseMessage token = await http.PostAsJsonAsync("api/security/token/v2", new { username = Options.UserName, password = Options.Password });
        using JsonDocument tokenJson = JsonDocument.Parse(await token.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "odataservice/odata/table/" + tableAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenJson.RootElement.GetProperty("AccessToken").GetString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage rows = await http.SendAsync(request);
        using JsonDocument json = JsonDocument.Parse(await rows.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone())];
    }

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(Options, "http://127.0.0.1:0");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
