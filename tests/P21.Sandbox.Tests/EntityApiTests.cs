using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>The Entity API basics: ping, new, by key, <c>$query</c> with the trailing slash P21 requires.</summary>
public sealed class EntityApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<(int Status, JsonNode? Body)> GetAsync(string path) =>
        await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http)));

    [Fact]
    public async Task Customer_ByCompositeKey_IsTheLiveRowWithPascalCaseNames()
    {
        (int status, JsonNode? customer) = await GetAsync("api/entity/customers/1_100001");
        JsonArray rows = await Api.ODataAsync(_http, await Api.TokenAsync(_http), "odataservice/odata/table/customer?$filter=customer_id eq 100001");

        Assert.Equal(200, status);
        Assert.Equal(100001m, customer!["CustomerId"]!.GetValue<decimal>());
        Assert.Equal(rows[0]!["customer_name"]!.GetValue<string>(), customer["CustomerName"]!.GetValue<string>());
        Assert.Equal(rows[0]!["price_library_id"]!.GetValue<string>(), customer["PriceLibraryId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("api/entity/customers/1_999999")]
    [InlineData("api/entity/customers/100001")]
    [InlineData("api/entity/customers/1_100025")]
    public async Task Customer_UnknownMalformedOrDeletedKey_Is404(string path)
    {
        (int status, JsonNode? body) = await GetAsync(path);

        Assert.Equal(404, status);
        Assert.Contains("ResourceNotFoundException", body!["ErrorType"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WithoutTheTrailingSlash_Is307_WithIt_Filters()
    {
        string token = await Api.TokenAsync(_http);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _http.BaseAddress };
        using HttpResponseMessage redirect = await noRedirect.SendAsync(Api.Request(HttpMethod.Get, "api/entity/customers?$query=CustomerId eq 100001", token));

        (int status, JsonNode? list) = await GetAsync("api/entity/customers/?$query=" + Uri.EscapeDataString("CustomerId eq 100001 or CustomerId eq 100002"));

        Assert.Equal(307, (int)redirect.StatusCode);
        Assert.EndsWith("/api/entity/customers/?$query=CustomerId%20eq%20100001", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Equal([100001m, 100002m], list!.AsArray().Select(c => c!["CustomerId"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData("startswith(CustomerName,'acme')")]
    [InlineData("substringof('ACME', CustomerName)")]
    [InlineData("endswith(CustomerName,'Construction') and CustomerName ne 'x'")]
    public async Task Query_StringFunctions_MatchIgnoringCase(string query)
    {
        (int status, JsonNode? list) = await GetAsync("api/entity/customers/?$query=" + Uri.EscapeDataString(query));

        Assert.Equal(200, status);
        Assert.Contains(list!.AsArray(), c => c!["CustomerName"]!.GetValue<string>() == "Acme Construction");
    }

    [Fact]
    public async Task Query_Malformed_Is400()
    {
        (int status, JsonNode? body) = await GetAsync("api/entity/customers/?$query=" + Uri.EscapeDataString("CustomerId eq"));

        Assert.Equal(400, status);
        Assert.Contains("not valid", body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingNewAndWrites_AnswerAsDocumented()
    {
        string token = await Api.TokenAsync(_http);

        (int ping, _) = await GetAsync("api/entity/vendors/ping");
        (int template, JsonNode? fresh) = await GetAsync("api/entity/contacts/new");
        (int noTemplate, _) = await GetAsync("api/entity/addresses/new");
        (int put, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "api/entity/addresses/100001", token, json: "{}"));
        (int post, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/entity/customers", token, json: "{}"));
        (int unknown, _) = await GetAsync("api/entity/widgets/ping");

        Assert.Equal((200, 200, 404, 405, 501, 404), (ping, template, noTemplate, put, post, unknown));
        Assert.True(fresh!.AsObject().ContainsKey("FirstName"));
    }

    [Fact]
    public async Task Answers_DataContractXml_WithoutJsonAccept()
    {
        string token = await Api.TokenAsync(_http);

        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, "api/entity/customers/1_100001", token, accept: null));

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<Customer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
