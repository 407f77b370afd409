using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary><c>definition/{service}</c> as untidy as real P21's: wrapped template, the window's breadth, misleading Required flags.</summary>
public sealed class TransactionDefinitionTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private async Task<JsonNode> DefinitionAsync(string token)
    {
        (int status, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "uiserver0/api/v2/definition/Order", token));
        Assert.Equal(200, status);
        return body!;
    }

    [Fact]
    public async Task Order_HasTheWindowsBreadth_AndTheTemplateWrappedInTransactionSet()
    {
        JsonNode body = await DefinitionAsync(await Api.TokenAsync(_http));

        JsonArray elements = body["TransactionDefinition"]!["DataElementDefinitions"]!.AsArray();
        Assert.Equal(100, elements.Count);
        Assert.Equal(1200, elements.Sum(e => e!["FieldDefinitions"]!.AsArray().Count));
        Assert.Null(body["Template"]!["Transactions"]);
        Assert.Equal(100, body["Template"]!["TransactionSet"]!["Transactions"]![0]!["DataElements"]!.AsArray().Count);
    }

    [Fact]
    public async Task Order_RequiredFlags_MisleadAsOnP21()
    {
        JsonNode body = await DefinitionAsync(await Api.TokenAsync(_http));
        JsonArray header = body["TransactionDefinition"]!["DataElementDefinitions"]!.AsArray()
            .First(e => e!["Name"]!.GetValue<string>() == "TABPAGE_1.order")!["FieldDefinitions"]!.AsArray();
        JsonNode Field(string name) => header.First(f => f!["Name"]!.GetValue<string>() == name)!;

        Assert.True(Field("company_id")["Required"]!.GetValue<bool>());
        Assert.True(Field("company_id")["Disabled"]!.GetValue<bool>());
        Assert.False(Field("ship_to_id")["Required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Order_TheWholeTemplateFilledIn_Passes_AValueInAnUnmodelledTabFails()
    {
        string token = await Api.TokenAsync(_http);
        JsonNode template = (await DefinitionAsync(token))["Template"]!["TransactionSet"]!;
        JsonArray elements = template["Transactions"]![0]!["DataElements"]!.AsArray();
        void Set(string element, string field, string value) =>
            elements.First(e => e!["Name"]!.GetValue<string>() == element)!["Rows"]![0]!["Edits"]!.AsArray().First(f => f!["Name"]!.GetValue<string>() == field)!["Value"] = value;
        foreach ((string field, string value) in Api.OrderHeader())
        {
            Set("TABPAGE_1.order", field, value);
        }

        Set("TP_ITEMS.items", "oe_order_item_id", "CB 1/4-20X1 ZP");
        Set("TP_ITEMS.items", "unit_quantity", "1");

        (int status, JsonNode? passed) = await Api.PostTransactionAsync(_http, token, template.ToJsonString());
        Assert.Equal(200, status);
        Assert.True(passed!["Summary"]!["Succeeded"]!.GetValue<int>() == 1, passed.ToJsonString());

        Set("TABPAGE_2.tp_2_dw_2", "tp_2_field_1", "X");
        (_, JsonNode? failed) = await Api.PostTransactionAsync(_http, token, template.ToJsonString());
        Assert.Equal(1, failed!["Summary"]!["Failed"]!.GetValue<int>());
        Assert.Contains("not modelled by the sandbox", failed["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
