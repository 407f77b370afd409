using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>One sandbox on a free loopback port shared by a test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await SandboxHost.StartAsync(new SandboxOptions());
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>Small HTTP helpers the tests share.</summary>
internal static class Api
{
    public static async Task<string> TokenAsync(HttpClient http)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/security/token/v2", new { username = "api_user", password = "api_password" });
        response.EnsureSuccessStatusCode();
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("AccessToken").GetString()!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, string? accept = "application/json", string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using HttpResponseMessage response = await http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length == 0 || text[0] is not ('{' or '[') ? null : JsonNode.Parse(text));
        }
    }

    public static async Task<JsonArray> ODataAsync(HttpClient http, string token, string pathAndQuery)
    {
        (int status, JsonNode? body) = await SendAsync(http, Request(HttpMethod.Get, pathAndQuery, token));
        Assert.Equal(200, status);
        return body!["value"]!.AsArray();
    }

    public static string Transaction(string service, params object[] dataElements) =>
        JsonSerializer.Serialize(new { Name = service, UseCodeValues = false, IgnoreDisabled = false, Transactions = new[] { new { Status = "New", DataElements = dataElements } } });

    public static object Element(string name, string type, string[] keys, params Dictionary<string, string>[] rows) =>
        new { Name = name, Type = type, Keys = keys, Rows = rows.Select(static r => new { Edits = r.Select(static e => new { Name = e.Key, Value = e.Value }).ToArray(), RelativeDateEdits = Array.Empty<object>() }).ToArray() };

    public static Task<(int Status, JsonNode? Body)> PostTransactionAsync(HttpClient http, string token, string json) =>
        SendAsync(http, Request(HttpMethod.Post, "uiserver0/api/v2/transaction", token, json: json));

    public static Dictionary<string, string> OrderHeader(string customer = "100001", string ship = "100001") => new()
    {
        ["customer_id"] = customer,
        ["sales_loc_id"] = "10",
        ["source_loc_id"] = "10",
        ["ship_to_id"] = ship,
        ["po_no"] = "PO-TEST",
        ["taker"] = "ESTORE",
    };

    public static string ResultValue(JsonNode body, string field) =>
        body["Results"]!["Transactions"]![0]!["DataElements"]![0]!["Rows"]![0]!["Edits"]!.AsArray().First(e => e!["Name"]!.GetValue<string>() == field)!["Value"]!.GetValue<string>();
}
