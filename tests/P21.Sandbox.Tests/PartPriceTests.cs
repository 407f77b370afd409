using System.Globalization;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>
/// <c>GET /api/inventory/parts/{ItemId}/v2/price</c> and the sandbox's price engine: customer pages over library pages,
/// item pages over product-group pages, books in sequence, quantity breaks, effective dates, the item default last.
/// Each test builds its own item and customer, so the expected prices are worked out by hand here.
/// </summary>
public sealed class PartPriceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Group = "PRTEST";
    private readonly HttpClient _http = fixture.Http;

    private Task<(int Status, JsonNode? Body)> PutRowAsync(string table, string json) =>
        Api.SendAsync(_http, Api.Request(HttpMethod.Put, $"_sandbox/rows/{table}", null, json: json));

    private async Task<(string ItemId, int Uid)> ItemAsync(int uid, decimal price1, string group = Group)
    {
        string itemId = $"PRICE-TEST-{uid.ToString(CultureInfo.InvariantCulture)}";
        (int status, _) = await PutRowAsync("inv_mast", $$"""{"inv_mast_uid":{{uid}},"item_id":"{{itemId}}","item_desc":"Price test","default_selling_unit":"EA","base_unit":"EA","default_product_group":"{{group}}","price1":{{price1}},"delete_flag":"N"}""");
        Assert.Equal(200, status);
        return (itemId, uid);
    }

    private async Task<int> CustomerAsync(int id, string library)
    {
        (int status, JsonNode? body) = await PutRowAsync("customer", $$"""{"company_id":"1","customer_id":{{id}},"customer_name":"Price test {{id}}","class_1id":"TEST","price_library_id":"{{library}}","delete_flag":"N"}""");
        Assert.True(status == 200, body?.ToJsonString());
        return id;
    }

    private async Task PageAsync(int uid, string fields, int? book = null)
    {
        string status704 = fields.Contains("row_status_flag", StringComparison.Ordinal) ? "" : "\"row_status_flag\":704,";
        (int status, JsonNode? body) = await PutRowAsync("price_page", $$"""{"price_page_uid":{{uid}},"price_page_type_cd":1,"description":"test {{uid}}",{{status704}}{{fields}}}""");
        Assert.True(status == 200, body?.ToJsonString());
        if (book is { } b)
        {
            Assert.Equal(200, (await PutRowAsync("price_page_x_book", $$"""{"price_page_x_book_uid":{{uid}},"price_page_uid":{{uid}},"price_book_uid":{{b}},"row_status_flag":704}""")).Status);
        }
    }

    private async Task<(int Status, JsonNode? Body)> PriceAsync(string itemId, int customer, string more = "", string? accept = "application/json")
    {
        string token = await Api.TokenAsync(_http);
        return await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{Uri.EscapeDataString(itemId)}/v2/price?companyId=1&customerId={customer}{more}", token, accept));
    }

    private async Task<decimal> UnitPriceAsync(string itemId, int customer, decimal quantity)
    {
        (int status, JsonNode? body) = await PriceAsync(itemId, customer, $"&unitQuantity={quantity.ToString(CultureInfo.InvariantCulture)}");
        Assert.True(status == 200, body?.ToJsonString());
        return body!["UnitPrice"]!.GetValue<decimal>();
    }

    [Fact]
    public async Task Price_NoPage_IsTheItemDefault()
    {
        (string item, _) = await ItemAsync(910_001, 12.5m);
        int customer = await CustomerAsync(990_001, "RETAIL");

        (int status, JsonNode? body) = await PriceAsync(item, customer, "&unitQuantity=3");

        Assert.Equal(200, status);
        Assert.Equal(12.5m, body!["UnitPrice"]!.GetValue<decimal>());
        Assert.Equal(37.5m, body["ExtendedPrice"]!.GetValue<decimal>());
        Assert.Equal("ItemDefault", body["PriceSource"]!.GetValue<string>());
        Assert.Equal("EA", body["UnitOfMeasure"]!.GetValue<string>());
    }

    [Fact]
    public async Task Price_LibraryItemPage_QuantityBreaksPickTheirRung()
    {
        (string item, int uid) = await ItemAsync(910_002, 10m);
        int customer = await CustomerAsync(990_002, "RETAIL");
        await PageAsync(920_002, $$"""
            "inv_mast_uid":{{uid}},"calculation_method_cd":2,"break1":10,"break2":100,"calculation_value1":9,"calculation_value2":8,"calculation_value3":7
            """, book: 1);

        Assert.Equal(9m, await UnitPriceAsync(item, customer, 1));
        Assert.Equal(9m, await UnitPriceAsync(item, customer, 9.5m));
        Assert.Equal(8m, await UnitPriceAsync(item, customer, 10));
        Assert.Equal(8m, await UnitPriceAsync(item, customer, 99));
        Assert.Equal(7m, await UnitPriceAsync(item, customer, 100));
        (_, JsonNode? body) = await PriceAsync(item, customer, "&unitQuantity=150");
        Assert.Equal(("Library", 920_002, "LIST", 100m), (body!["PriceSource"]!.GetValue<string>(), body["PricePageUid"]!.GetValue<int>(), body["PriceBookId"]!.GetValue<string>(), body["QuantityBreak"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Price_CustomerOverLibrary_ItemOverGroup_BooksInSequence()
    {
        (string item, int uid) = await ItemAsync(910_003, 20m);
        int wholesale = await CustomerAsync(990_003, "WHOLSALE");
        int owner = await CustomerAsync(990_004, "WHOLSALE");
        // WHOLSALE reads the CONTRACTOR book (2) before LIST (1); group pages come after every item page of the library.
        await PageAsync(920_031, $$""" "product_group_id":"{{Group}}","calculation_method_cd":1,"calculation_value1":0.5 """, book: 2);
        Assert.Equal(10m, await UnitPriceAsync(item, wholesale, 1));
        await PageAsync(920_032, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":18 """, book: 1);
        Assert.Equal(18m, await UnitPriceAsync(item, wholesale, 1));
        await PageAsync(920_033, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":17 """, book: 2);
        Assert.Equal(17m, await UnitPriceAsync(item, wholesale, 1));

        // A customer's own pages beat the library; a group page of the customer beats the library's item pages too.
        await PageAsync(920_034, $$""" "customer_id":{{owner}},"product_group_id":"{{Group}}","calculation_method_cd":1,"calculation_value1":0.8 """);
        Assert.Equal(16m, await UnitPriceAsync(item, owner, 1));
        await PageAsync(920_035, $$""" "customer_id":{{owner}},"inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":15.5 """);
        Assert.Equal(15.5m, await UnitPriceAsync(item, owner, 1));
        (_, JsonNode? body) = await PriceAsync(item, owner);
        Assert.Equal("Customer", body!["PriceSource"]!.GetValue<string>());

        // Another customer's page never applies, nor does a page in no book of the customer's library.
        Assert.Equal(17m, await UnitPriceAsync(item, wholesale, 1));
        int retail = await CustomerAsync(990_005, "RETAIL");
        Assert.Equal(18m, await UnitPriceAsync(item, retail, 1));
    }

    [Fact]
    public async Task Price_ExpiredFutureAndInactivePages_AreSkipped()
    {
        (string item, int uid) = await ItemAsync(910_006, 30m);
        int customer = await CustomerAsync(990_006, "RETAIL");
        await PageAsync(920_061, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":1,"expiration_date":"2020-12-31T00:00:00" """, book: 1);
        await PageAsync(920_062, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":2,"effective_date":"2090-01-01T00:00:00" """, book: 1);
        await PageAsync(920_063, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":3,"row_status_flag":705 """, book: 1);

        Assert.Equal(30m, await UnitPriceAsync(item, customer, 1));

        await PageAsync(920_064, $$""" "inv_mast_uid":{{uid}},"calculation_method_cd":2,"calculation_value1":4,"effective_date":"2020-01-01T00:00:00","expiration_date":"2090-12-31T00:00:00" """, book: 1);
        Assert.Equal(4m, await UnitPriceAsync(item, customer, 1));
    }

    [Fact]
    public async Task Price_AnswersDataContractXmlWithoutJsonAccept()
    {
        (string item, _) = await ItemAsync(910_007, 5m);
        int customer = await CustomerAsync(990_007, "RETAIL");
        string token = await Api.TokenAsync(_http);

        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, $"api/inventory/parts/{item}/v2/price?companyId=1&customerId={customer}", token, accept: null));

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<UnitPrice>5", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_AlternativePath_AnswersTheSame()
    {
        (string item, _) = await ItemAsync(910_008, 6m);
        int customer = await CustomerAsync(990_008, "RETAIL");
        string token = await Api.TokenAsync(_http);

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/v2/parts/v2/price/{item}?companyId=1&customerId={customer}", token));

        Assert.Equal(200, status);
        Assert.Equal(6m, body!["UnitPrice"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("NO-SUCH-PRICE-ITEM", "&x=1", 404, "was not found")]
    [InlineData("PRICE-TEST-910009", "&customerId=1", 404, "Customer 1 was not found")]
    [InlineData("PRICE-TEST-910009", "&unitQuantity=0", 400, "unitQuantity")]
    [InlineData("PRICE-TEST-910009", "&unitQuantity=abc", 400, "unitQuantity")]
    [InlineData("PRICE-TEST-910009", "&uom=PALLET", 400, "Unit of measure PALLET")]
    [InlineData("PRICE-TEST-910009", "&salesLocId=99999", 400, "salesLocId")]
    public async Task Price_BadQuestion_IsRefusedWithItsReason(string itemId, string more, int expected, string reason)
    {
        await ItemAsync(910_009, 1m);
        int customer = await CustomerAsync(990_009, "RETAIL");
        string token = await Api.TokenAsync(_http);
        string query = more.Contains("customerId", StringComparison.Ordinal) ? $"companyId=1{more}" : $"companyId=1&customerId={customer}{more}";

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/{itemId}/v2/price?{query}", token));

        Assert.Equal(expected, status);
        Assert.Contains(reason, body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customerId=990010", "companyId")]
    [InlineData("companyId=1", "customerId")]
    [InlineData("companyId=1&customerId=12.5", "customerId")]
    public async Task Price_MissingOrMalformedKey_Is400NamingIt(string query, string parameter)
    {
        await ItemAsync(910_010, 1m);
        string token = await Api.TokenAsync(_http);

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"api/inventory/parts/PRICE-TEST-910010/v2/price?{query}", token));

        Assert.Equal(400, status);
        Assert.Contains(parameter, body!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_ItemIdWithASlash_Is404()
    {
        string token = await Api.TokenAsync(_http);

        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "api/inventory/parts/A%2FB/v2/price?companyId=1&customerId=100001", token));

        Assert.Equal(404, status);
    }
}
