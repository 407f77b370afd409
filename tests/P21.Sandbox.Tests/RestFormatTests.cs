using System.Xml.Linq;

namespace P21.Sandbox.Tests;

/// <summary>
/// The GL and sales-order REST families answer DataContract XML unless the client names application/json, and a bare
/// collection GET dumps the whole table whatever $top says.
/// </summary>
public sealed class RestFormatTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string DataContract = "http://schemas.datacontract.org/2004/07/P21.Api.Models";
    private readonly HttpClient _http = fixture.Http;

    private async Task<(int Status, string? MediaType, string Body)> GetAsync(string path, string? accept)
    {
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, path, await Api.TokenAsync(_http), accept));
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/xml")]
    public async Task SalesOrder_WithoutJsonAccept_AnswersDataContractXml(string? accept)
    {
        (int status, string? mediaType, string body) = await GetAsync("api/sales/orders/1000001?extendedproperties=*", accept);

        Assert.Equal(200, status);
        Assert.Equal("application/xml", mediaType);
        XElement order = XElement.Parse(body);
        Assert.Equal(XName.Get("SalesOrder", DataContract), order.Name);
        Assert.Equal("1000001", order.Element(XName.Get("OrderNo", DataContract))!.Value);
        Assert.NotEmpty(order.Element(XName.Get("Lines", DataContract))!.Element(XName.Get("list", DataContract))!.Elements(XName.Get("SalesOrderLine", DataContract)));
        string[] names = [.. order.Elements().Select(static e => e.Name.LocalName)];
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task SalesOrder_WithJsonAccept_AnswersJson()
    {
        (int status, string? mediaType, string body) = await GetAsync("api/sales/orders/1000001", "application/json");

        Assert.Equal(200, status);
        Assert.Equal("application/json", mediaType);
        Assert.StartsWith("{", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gl_WithoutAccept_AnswersArrayOfGlLineXml_AndErrorsToo()
    {
        (int status, string? mediaType, string body) = await GetAsync("api/accounting/gl/424242", null);
        Assert.Equal(200, status);
        Assert.Equal("application/xml", mediaType);
        Assert.Equal(XName.Get("ArrayOfGlLine", DataContract), XElement.Parse(body).Name);

        using HttpResponseMessage unbalanced = await _http.SendAsync(Api.Request(HttpMethod.Post, "api/accounting/gl/", await Api.TokenAsync(_http), accept: null,
            json: """[{"CompanyNo":"1","AccountNumber":"1200-00","Period":3,"YearForPeriod":2026,"Amount":5}]"""));
        Assert.Equal(500, (int)unbalanced.StatusCode);
        XElement error = XElement.Parse(await unbalanced.Content.ReadAsStringAsync());
        Assert.Equal("Records do not balance", error.Element(XName.Get("ErrorMessage", DataContract))!.Value);
    }

    [Fact]
    public async Task SalesOrders_BareCollectionGet_DumpsEveryHeaderIgnoringTop()
    {
        (int status, _, string body) = await GetAsync("api/sales/orders/?$top=5", "application/json");

        Assert.Equal(200, status);
        Assert.Equal(100, System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray().Count);
    }

    [Fact]
    public async Task Gl_BareCollectionGet_DumpsEveryLineIgnoringTop()
    {
        string token = await Api.TokenAsync(_http);
        foreach (int amount in new[] { 3, 4 })
        {
            (int posted, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/accounting/gl/", token, json: $$"""
                [{"CompanyNo":"1","AccountNumber":"1200-00","Period":3,"YearForPeriod":2026,"Amount":{{amount}}},
                 {"CompanyNo":"1","AccountNumber":"6100-00","Period":3,"YearForPeriod":2026,"Amount":{{-amount}}}]
                """));
            Assert.Equal(200, posted);
        }

        (int status, _, string body) = await GetAsync("api/accounting/gl?$top=1", "application/json");

        Assert.Equal(200, status);
        Assert.True(System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray().Count >= 4);
    }
}
