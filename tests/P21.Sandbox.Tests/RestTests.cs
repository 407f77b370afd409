using System.Net;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

public sealed class RestTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private static string Journal(decimal debit, decimal credit) => $$"""
        [{"CompanyNo":"1","AccountNumber":"1200-00","Period":3,"YearForPeriod":2026,"JournalId":"GJ","Amount":{{debit}},"ForeignAmount":{{debit}},"Description":"web fee","Source":"API","TransactionDate":"2026-03-15"},
         {"CompanyNo":"1","AccountNumber":"6100-00","Period":3,"YearForPeriod":2026,"JournalId":"GJ","Amount":{{-credit}},"ForeignAmount":{{-credit}},"Description":"web fee","Source":"API","TransactionDate":"2026-03-15"}]
        """;

    [Fact]
    public async Task Gl_Balanced_AssignsTransactionNumberReadableByGet()
    {
        string token = await Api.TokenAsync(_http);
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/accounting/gl/", token, json: Journal(12.5m, 12.5m)));
        Assert.Equal(200, status);
        decimal number = body![0]!["TransactionNumber"]!.GetValue<decimal>();
        Assert.Equal(number, body[1]!["TransactionNumber"]!.GetValue<decimal>());
        Assert.True(body[0]!["Approved"]!.GetValue<bool>());
        (int getStatus, JsonNode? lines) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/accounting/gl/{number}", token));
        Assert.Equal(200, getStatus);
        Assert.Equal(2, lines!.AsArray().Count);
    }

    [Fact]
    public async Task Gl_Unbalanced_Returns500BusinessException()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/accounting/gl/", await Api.TokenAsync(_http), json: Journal(10m, 9m)));
        Assert.Equal(500, status);
        Assert.Equal("Records do not balance", body!["ErrorMessage"]!.GetValue<string>());
        Assert.Equal("P21.Business.Common.BusinessException", body["ErrorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gl_UnknownNumber_Returns200EmptyArray()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/accounting/gl/987654321", await Api.TokenAsync(_http)));
        Assert.Equal(200, status);
        Assert.Empty(body!.AsArray());
    }

    [Fact]
    public async Task Gl_MalformedBody_Returns400()
    {
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/accounting/gl/", await Api.TokenAsync(_http), json: "{\"not\":\"an array\"}"));
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task SalesOrders_PostWithSlash_CreatesAndGetReadsBack()
    {
        string token = await Api.TokenAsync(_http);
        const string order = """{"CustomerId":100002,"ShipToId":100002,"Taker":"ESTORE","PoNo":"REST-1","Lines":{"list":[{"ItemId":"HCS 1/4-20X1 ZP","UnitQuantity":2,"UnitPrice":1.23,"ManualPriceOveride":"Y"}]}}""";
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/sales/orders/", token, json: order));
        Assert.True(status == 200, body?.ToJsonString());
        string orderNo = body!["OrderNo"]!.GetValue<string>();
        (int getStatus, JsonNode? read) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/sales/orders/{orderNo}", token));
        Assert.Equal(200, getStatus);
        Assert.Equal("REST-1", read!["PoNo"]!.GetValue<string>());
        Assert.Null(read["Lines"]);
        (_, JsonNode? extended) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/sales/orders/{orderNo}?extendedproperties=*", token));
        Assert.Equal(1.23m, extended!["Lines"]!["list"]![0]!["UnitPrice"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task SalesOrders_PostWithoutSlash_Redirects307()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        using HttpResponseMessage response = await http.SendAsync(Api.Request(HttpMethod.Post, "api/sales/orders", await Api.TokenAsync(_http), json: "{}"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task SalesOrders_UnknownOrder_Returns404NotFoundException()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/sales/orders/42", await Api.TokenAsync(_http)));
        Assert.Equal(404, status);
        Assert.Equal("P21.Common.Exceptions.NotFoundException", body!["ErrorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task SalesOrders_InvalidItem_Returns500BusinessException()
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "api/sales/orders/", await Api.TokenAsync(_http),
            json: """{"CustomerId":100002,"ShipToId":100002,"Lines":{"list":[{"ItemId":"NOPE","UnitQuantity":1}]}}"""));
        Assert.Equal(500, status);
        Assert.Contains("NOPE", body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
