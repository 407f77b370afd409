using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary><c>transaction/async</c>: 202 with a request id at once, then the state by <c>GET ?id=</c>.</summary>
public sealed class TransactionAsyncTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private static Dictionary<string, string> Line(string item, string qty) => new() { ["oe_order_item_id"] = item, ["unit_quantity"] = qty };

    private async Task<(int Status, JsonNode? Body)> SubmitAsync(string token, Dictionary<string, string> header) =>
        await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction/async", token, json: Api.Transaction("Order",
            Api.Element("TABPAGE_1.order", "Form", [], header), Api.Element("TP_ITEMS.items", "List", [], Line("CB 1/4-20X1 ZP", "2")))));

    private async Task<JsonNode> SettledAsync(string token, string id)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            (int status, JsonNode? state) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, $"uiserver0/api/v2/transaction/async?id={id}", token));
            Assert.Equal(200, status);
            if (state!["Status"]!.GetValue<string>() != "Active")
            {
                return state;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"request {id} stayed Active");
    }

    [Fact]
    public async Task Async_ValidOrder_Is202ThenComplete_WithTheTransactionResponse()
    {
        string token = await Api.TokenAsync(_http);

        (int status, JsonNode? accepted) = await SubmitAsync(token, Api.OrderHeader());
        JsonNode settled = await SettledAsync(token, accepted!["RequestId"]!.GetValue<string>());

        Assert.Equal(202, status);
        Assert.Equal("Active", accepted["Status"]!.GetValue<string>());
        Assert.Equal("Complete", settled["Status"]!.GetValue<string>());
        Assert.Equal(1, settled["Response"]!["Summary"]!["Succeeded"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(Api.ResultValue(settled["Response"]!, "order_no")));
    }

    [Fact]
    public async Task Async_FailingOrder_IsFailed_WithP21sMessage()
    {
        string token = await Api.TokenAsync(_http);
        Dictionary<string, string> header = Api.OrderHeader();
        header.Remove("sales_loc_id");

        (_, JsonNode? accepted) = await SubmitAsync(token, header);
        JsonNode settled = await SettledAsync(token, accepted!["RequestId"]!.GetValue<string>());

        Assert.Equal("Failed", settled["Status"]!.GetValue<string>());
        Assert.Contains("Jurisdiction ID", settled["Response"]!["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?id=00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("", 400)]
    public async Task Async_UnknownOrMissingId_IsRefused(string query, int expected)
    {
        string token = await Api.TokenAsync(_http);

        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "uiserver0/api/v2/transaction/async" + query, token));

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Async_UnknownService_IsRefusedAtOnce_LikeTheSynchronousCall()
    {
        string token = await Api.TokenAsync(_http);

        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Post, "uiserver0/api/v2/transaction/async", token, json: Api.Transaction("NoSuchWindow")));

        Assert.Equal(500, status);
        Assert.Contains("is not available", body!.ToJsonString(), StringComparison.Ordinal);
    }
}
