using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>Transaction API behaviours where the sandbox must answer like real P21, not more leniently.</summary>
public sealed class TransactionFidelityTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private static Dictionary<string, string> Line(string? userLine)
    {
        var line = new Dictionary<string, string> { ["oe_order_item_id"] = "HCS 1/4-20X1 ZP", ["unit_quantity"] = "1" };
        if (userLine is not null)
        {
            line["user_line_no"] = userLine;
        }

        return line;
    }

    private async Task<string> CreateOrderAsync()
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", ["order_no"], Api.OrderHeader()), Api.Element("TP_ITEMS.items", "List", ["user_line_no"], Line("10"))));
        Assert.Equal(200, status);
        return Api.ResultValue(body!, "order_no");
    }

    [Fact]
    public async Task TransactionGet_AnswersTransactionsAtTheTopLevel_NotTheWriteEnvelope()
    {
        string orderNo = await CreateOrderAsync();

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction/get", await Api.TokenAsync(_http),
            json: Api.Transaction("Order", Api.Element("TABPAGE_1.order", "Form", ["order_no"], new Dictionary<string, string> { ["order_no"] = orderNo }))));

        Assert.Equal(200, status);
        Assert.Equal(["Transactions"], body!.AsObject().Select(static p => p.Key).ToArray());
        JsonNode record = body["Transactions"]![0]!;
        Assert.Equal("Passed", record["Status"]!.GetValue<string>());
        Assert.Contains(record["DataElements"]![0]!["Rows"]![0]!["Edits"]!.AsArray(), e => e!["Name"]!.GetValue<string>() == "order_no" && e["Value"]!.GetValue<string>() == orderNo);
    }

    [Fact]
    public async Task TransactionGet_DocumentedGetBody_UnknownRecord_IsFailedAtTheTopLevel()
    {
        const string request = """{"ServiceName":"Order","TransactionStates":[{"DataElementName":"TABPAGE_1.order","Keys":[{"Name":"order_no","Value":"99999999"}]}]}""";

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction/get", await Api.TokenAsync(_http), json: request));

        Assert.Equal(200, status);
        Assert.Null(body!["Results"]);
        Assert.Equal("Failed", body["Transactions"]![0]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Order_ListRowMissingAKeyColumn_FailsWithP21sSequenceMessage()
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], Api.OrderHeader()), Api.Element("TP_ITEMS.items", "List", ["user_line_no"], Line("10"), Line(null))));

        Assert.Equal(200, status);
        Assert.Null(body!["Results"]);
        Assert.Equal("Transaction 1:: Sequence contains no matching element", body["Messages"]![0]!.GetValue<string>());
        Assert.Equal(1, body["Summary"]!["Failed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Order_FormKeyNotTyped_StillCreates()
    {
        // A Form takes its key from the window (an order being created has no order_no yet), so only List rows need theirs.
        Assert.False(string.IsNullOrEmpty(await CreateOrderAsync()));
    }

    [Fact]
    public async Task Strict_LowerCaseEditAndNumericValue_AreRefused()
    {
        string token = await Api.TokenAsync(_http);
        (int numericStatus, _) = await Api.PostTransactionAsync(_http, token, OrderWith("""{"Name":"unit_quantity","Value":2}"""));
        (int lowerStatus, JsonNode? lower) = await Api.PostTransactionAsync(_http, token, OrderWith("""{"name":"unit_quantity","value":"2"}"""));

        Assert.Equal(400, numericStatus);
        Assert.Equal(200, lowerStatus);
        Assert.Null(lower!["Results"]);
        Assert.Contains("does not exist", lower["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_LowerCaseEditIsLeftUnbound_NumericValueIsAccepted()
    {
        await using SandboxHost host = await SandboxHost.StartAsync(new SandboxOptions { LenientTransactionBinding = true });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string token = await Api.TokenAsync(http);

        (int status, JsonNode? body) = await Api.PostTransactionAsync(http, token, OrderWith("""{"Name":"unit_quantity","Value":2},{"name":"unit_quantity","value":"5"}"""));

        Assert.Equal(200, status);
        string orderNo = Api.ResultValue(body!, "order_no");
        JsonNode line = (await Api.ODataAsync(http, token, $"odataservice/odata/table/oe_line?$filter=order_no eq '{orderNo}'")).Single()!;
        Assert.Equal(2m, line["qty_ordered"]!.GetValue<decimal>());
    }

    // An Order whose one line carries the given raw edits after its item id.
    private static string OrderWith(string lineEdits)
    {
        string header = string.Join(',', Api.OrderHeader().Select(static e => $$"""{"Name":"{{e.Key}}","Value":"{{e.Value}}"}"""));
        return $$"""
            {"Name":"Order","UseCodeValues":false,"Transactions":[{"Status":"New","DataElements":[
              {"Name":"TABPAGE_1.order","Type":"Form","Keys":[],"Rows":[{"Edits":[{{header}}]}]},
              {"Name":"TP_ITEMS.items","Type":"List","Keys":[],"Rows":[{"Edits":[{"Name":"oe_order_item_id","Value":"HCS 1/4-20X1 ZP"},{{lineEdits}}]}]}]}]}
            """;
    }
}
