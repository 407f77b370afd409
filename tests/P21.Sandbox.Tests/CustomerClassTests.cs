using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

/// <summary>The Customer window's class_1id..class_5id (P21 customers carry five class codes).</summary>
public sealed class CustomerClassTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Customer_NewWithClasses_StoresClass1To5()
    {
        var header = Header("Class Act Supply");
        for (int i = 1; i <= 5; i++)
        {
            header[$"class_{i}id"] = i == 1 ? "WEB" : $"C{i}";
        }

        string id = await CreateAsync(header);

        JsonNode row = await CustomerAsync(id);
        Assert.Equal("WEB", row["class_1id"]!.GetValue<string>());
        Assert.Equal("C5", row["class_5id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Customer_ExistingClassChanged_KeepsTheOthers()
    {
        var header = Header("Reclassified Co");
        header["class_1id"] = "WEB";
        header["class_2id"] = "EAST";
        string id = await CreateAsync(header);

        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], new Dictionary<string, string> { ["customer_id"] = id, ["class_2id"] = "WEST" })));

        Assert.Equal(200, status);
        Assert.Equal(1, body!["Summary"]!["Succeeded"]!.GetValue<int>());
        JsonNode row = await CustomerAsync(id);
        Assert.Equal("WEB", row["class_1id"]!.GetValue<string>());
        Assert.Equal("WEST", row["class_2id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Customer_ClassLongerThanEight_FailsNamingTheClass()
    {
        var header = Header("Too Classy Inc");
        header["class_3id"] = "NINECHARS";

        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer",
            Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], header), Branch()));

        Assert.Equal(200, status);
        Assert.Equal(1, body!["Summary"]!["Failed"]!.GetValue<int>());
        Assert.Contains("Customer Class 3", body["Messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await Api.ODataAsync(_http, await Api.TokenAsync(_http), "odataservice/odata/table/customer?$filter=customer_name eq 'Too Classy Inc'"));
    }

    private static Dictionary<string, string> Header(string name) => new() { ["customer_name"] = name, ["salesrep_id"] = "SR01" };

    private static object Branch() => Api.Element("SHIP_TO_GENERAL.ship_to_general", "Form", [], new Dictionary<string, string> { ["default_branch"] = "10" });

    private async Task<string> CreateAsync(Dictionary<string, string> header)
    {
        (int status, JsonNode? body) = await Api.PostTransactionAsync(_http, await Api.TokenAsync(_http), Api.Transaction("Customer", Api.Element("TABPAGE_1.tp_1_dw_1", "Form", [], header), Branch()));
        Assert.Equal(200, status);
        Assert.Equal(1, body!["Summary"]!["Succeeded"]!.GetValue<int>());
        return Api.ResultValue(body!, "customer_id");
    }

    private async Task<JsonNode> CustomerAsync(string id) =>
        Assert.Single(await Api.ODataAsync(_http, await Api.TokenAsync(_http), $"odataservice/odata/table/customer?$filter=customer_id eq {id}"))!;
}
