using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

using Microsoft.Extensions.Time.Testing;

namespace P21.Sandbox.Tests;

public sealed class AuthTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task TokenV2_UserCredentials_ReturnsBearerJwtWithClaims()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/security/token/v2", new { username = "api_user", password = "api_password" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal("Bearer", root.GetProperty("TokenType").GetString());
        Assert.Equal(86400, root.GetProperty("ExpiresInSeconds").GetInt64());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("RefreshToken").GetString()));
        string[] parts = root.GetProperty("AccessToken").GetString()!.Split('.');
        Assert.Equal(3, parts.Length);
        using JsonDocument claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("api_user", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("P21.Soa", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(86400, claims.RootElement.GetProperty("exp").GetInt64() - claims.RootElement.GetProperty("nbf").GetInt64());
        Assert.True(claims.RootElement.TryGetProperty("aud", out _));
    }

    [Fact]
    public async Task TokenV2_ConsumerKey_ReturnsConsumerShape()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/security/token/v2", new { GrantType = "client_credentials", ClientSecret = "sandbox-consumer-key" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        foreach (string name in new[] { "AccessToken", "TokenType", "UserName", "ExpiresIn", "RefreshToken", "Scope", "SessionId", "ConsumerUid", "AppKey" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }

        Assert.Equal(string.Empty, root.GetProperty("RefreshToken").GetString());
        Assert.Equal("/api;/p21sdk", root.GetProperty("Scope").GetString());
    }

    [Fact]
    public async Task TokenV2_ConsumerKeyWithUser_UsesThatUser()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/security/token/v2", new { GrantType = "client_credentials", ClientSecret = "sandbox-consumer-key", username = "api_user" });
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("api_user", json.RootElement.GetProperty("UserName").GetString());
    }

    [Theory]
    [InlineData("{\"username\":\"api_user\",\"password\":\"wrong\"}", "invalid_grant", "The user name or password is incorrect.")]
    [InlineData("{\"username\":\"someone\",\"password\":\"api_password\"}", "invalid_grant", "The user name or password is incorrect.")]
    [InlineData("{\"GrantType\":\"client_credentials\",\"ClientSecret\":\"nope\"}", "invalid_client", "Client authentication failed.")]
    [InlineData("{\"GrantType\":\"client_credentials\",\"ClientSecret\":\"sandbox-consumer-key\",\"username\":\"ghost\"}", "invalid_grant", "Error retrieving/validating user")]
    public async Task TokenV2_BadCredentials_Returns401WithP21OAuthErrorBody(string body, string error, string description)
    {
        using HttpResponseMessage response = await _http.PostAsync("api/security/token/v2", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([("error", error), ("error_description", description)],
            json.RootElement.EnumerateObject().Select(static p => (p.Name, p.Value.GetString()!)).ToArray());
    }

    [Fact]
    public async Task TokenV1_BadCredentials_Returns401WithInvalidGrant()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/security/token");
        request.Headers.Add("username", "api_user");
        request.Headers.Add("password", "wrong");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_grant", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TokenV2_ConsumerKeyWithoutUser_NeverExpiresWithEmptyUserName()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/security/token/v2", new { GrantType = "client_credentials", ClientSecret = "sandbox-consumer-key" });
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal(string.Empty, root.GetProperty("UserName").GetString());
        Assert.Equal(630720000, root.GetProperty("ExpiresIn").GetInt64());
        using JsonDocument claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(root.GetProperty("AccessToken").GetString()!.Split('.')[1]));
        Assert.Equal(2147483647, claims.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(string.Empty, claims.RootElement.GetProperty("sub").GetString());
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location?$top=1", root.GetProperty("AccessToken").GetString()));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task TokenV2_ConsumerKeyWithLifetimeKnob_ExpiresLikeAUserToken()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions
        {
            ConsumerKeyTokenLifetime = TimeSpan.FromHours(1),
            TimeProvider = clock,
            Customers = 5,
            Items = 10,
            SalesOrders = 2,
            PurchaseOrders = 1,
        });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/security/token/v2", new { GrantType = "client_credentials", ClientSecret = "sandbox-consumer-key" });
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3600, json.RootElement.GetProperty("ExpiresIn").GetInt64());
        string token = json.RootElement.GetProperty("AccessToken").GetString()!;
        clock.Advance(TimeSpan.FromHours(1));
        (int expired, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(401, expired);
    }

    [Fact]
    public async Task TokenV2_MalformedJson_Returns400()
    {
        using HttpResponseMessage response = await _http.PostAsync("api/security/token/v2", new StringContent("{nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TokenV1_HeaderCredentials_ReturnsToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/security/token");
        request.Headers.Add("username", "api_user");
        request.Headers.Add("password", "api_password");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string token = json.RootElement.GetProperty("AccessToken").GetString()!;
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task TokenV1_WrongHeaderPassword_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/security/token");
        request.Headers.Add("username", "api_user");
        request.Headers.Add("password", "bad");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("odataservice/odata/table/customer")]
    [InlineData("uiserver0/api/v2/services")]
    [InlineData("api/accounting/gl/1")]
    [InlineData("api/sales/orders/1000001")]
    [InlineData("api/ui/router/v1/?urlType=external")]
    public async Task ApiRoute_WithoutToken_Returns401(string path)
    {
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, path, null));
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task ApiRoute_ForgedToken_Returns401()
    {
        string token = await Api.TokenAsync(_http);
        string forged = token[..^3] + (token[^3..] == "AAA" ? "BBB" : "AAA");
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", forged));
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task ApiRoute_RevokedToken_Returns401()
    {
        string token = await Api.TokenAsync(_http);
        (int before, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(200, before);
        (int revokeStatus, var body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "_sandbox/tokens/revoke", null, json: JsonSerializer.Serialize(new { token })));
        Assert.Equal(200, revokeStatus);
        Assert.Equal(1, body!["revoked"]!.GetValue<int>());
        (int after, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(401, after);
    }

    [Fact]
    public async Task Router_WithSlash_ReturnsUiServerUrl_WithoutSlash_Redirects307()
    {
        string token = await Api.TokenAsync(_http);
        (int status, var body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/ui/router/v1/?urlType=external", token));
        Assert.Equal(200, status);
        Assert.Equal(new Uri(fixture.Host.BaseAddress, "uiserver0").ToString(), body!["Url"]!.GetValue<string>());

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        using HttpResponseMessage response = await noRedirect.SendAsync(Api.Request(HttpMethod.Get, "api/ui/router/v1?urlType=external", token));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("/api/ui/router/v1/?urlType=external", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Token_Expired_Returns401()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromMinutes(5), Customers = 5, Items = 10, SalesOrders = 2, PurchaseOrders = 1 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string token = await Api.TokenAsync(http);
        (int fresh, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        time.Advance(TimeSpan.FromMinutes(6));
        (int expired, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(200, fresh);
        Assert.Equal(401, expired);
    }

    [Fact]
    public async Task Login_WithInvalidateOlderTokens_RevokesEarlierToken()
    {
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { InvalidateOlderTokensOnLogin = true, Customers = 5, Items = 10, SalesOrders = 2, PurchaseOrders = 1 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string first = await Api.TokenAsync(http);
        string second = await Api.TokenAsync(http);
        (int firstStatus, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", first));
        (int secondStatus, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", second));
        Assert.Equal(401, firstStatus);
        Assert.Equal(200, secondStatus);
    }

    [Fact]
    public async Task Login_WithoutInvalidateOption_KeepsEarlierToken()
    {
        string first = await Api.TokenAsync(_http);
        _ = await Api.TokenAsync(_http);
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", first));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task TokenV2_XmlOption_AnswersTokenResponseXmlEvenForJsonAccept()
    {
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { XmlTokenResponses = true, Customers = 5, Items = 10, SalesOrders = 2, PurchaseOrders = 1 });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = Api.Request(HttpMethod.Post, "api/security/token/v2", null, json: "{\"username\":\"api_user\",\"password\":\"api_password\"}");
        using HttpResponseMessage response = await http.SendAsync(request);
        XElement xml = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("TokenResponse", xml.Name.LocalName);
        Assert.Equal("86400", xml.Elements().Single(e => e.Name.LocalName == "ExpiresIn").Value);
        string token = xml.Elements().Single(e => e.Name.LocalName == "AccessToken").Value;
        (int status, _) = await Api.SendAsync(http, Api.Request(HttpMethod.Get, "odataservice/odata/table/location", token));
        Assert.Equal(200, status);
    }
}
