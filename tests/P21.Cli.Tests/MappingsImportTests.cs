using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace P21.Cli.Tests;

/// <summary><c>mappings import</c> checks each value against the sandbox's P21 before it stores anything.</summary>
public sealed class MappingsImportTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection];

    private static string NewConnection() => "m" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task MappingsImport_ValuesNotInP21_NamesEachLineAndImportsNothing()
    {
        string connection = NewConnection();
        string item = await sandbox.FirstItemAsync();
        string customer = (await sandbox.ODataAsync("customer?$select=customer_id&$orderby=customer_id&$top=1"))[0].GetProperty("customer_id").GetDecimal().ToString(CultureInfo.InvariantCulture);
        string csv = TestFiles.Write(
            "kind,source,key,value\n"
            + $"sku,shopify,TSHIRT-RED-M,\"{item}\"\n"
            + "sku,shopify,WIDGET-9,ABC\n"
            + $"customer,shopify,7392411361442,{customer}\n"
            + "customer,shopify,7392411361443,999999999\n"
            + "customer,shopify,7392411361444,ACME\n"
            + "ship-to,shopify,9320013136034,888888888\n"
            + "gl-account,amazon,Order|ItemFees|Commission,6100\n",
            ".csv");

        CliResult result = await CliRun.RunAsync(["mappings", "import", csv, .. Options(connection)]);
        CliResult export = await CliRun.RunAsync(["mappings", "export", "--source", "shopify", .. Options(connection)]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 3: sku WIDGET-9 → item 'ABC' is not a live P21 item", result.Error);
        Assert.Contains("line 5: customer 7392411361443 → customer '999999999' is not a live P21 customer", result.Error);
        Assert.Contains("line 6: customer 7392411361444 → customer 'ACME' is not a P21 customer id (customer_id is a number)", result.Error);
        Assert.Contains("line 7: ship-to 9320013136034 → ship-to '888888888' is not a live P21 ship-to", result.Error);
        Assert.DoesNotContain("line 2:", result.Error);
        Assert.DoesNotContain("line 4:", result.Error);
        Assert.DoesNotContain("line 8:", result.Error);
        Assert.Contains("nothing imported; fix the 4 line(s) above", result.Error);
        Assert.Equal("kind,source,key,value", export.Output.Trim());
    }

    [Fact]
    public async Task MappingsImport_LiveValues_AreImportedAndGlAccountsSaidToBeUnchecked()
    {
        string connection = NewConnection();
        string item = await sandbox.FirstItemAsync();
        JsonElement shipTo = (await sandbox.ODataAsync("ship_to?$select=ship_to_id,customer_id&$orderby=ship_to_id&$top=1"))[0];
        string csv = TestFiles.Write(
            $"sku,shopify,TSHIRT-RED-M,\"{item}\"\n"
            + $"customer,shopify,7392411361442,{shipTo.GetProperty("customer_id").GetDecimal().ToString(CultureInfo.InvariantCulture)}\n"
            + $"ship-to,shopify,9320013136034,{shipTo.GetProperty("ship_to_id").GetDecimal().ToString(CultureInfo.InvariantCulture)}\n"
            + "gl-account,shopify,Order|ItemFees|Commission,6100\n",
            ".csv");

        CliResult result = await CliRun.RunAsync(["mappings", "import", csv, .. Options(connection)]);
        CliResult export = await CliRun.RunAsync(["mappings", "export", "--source", "shopify", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("imported 4 mapping(s)", result.Output);
        Assert.Contains("3 checked against P21", result.Output);
        Assert.Contains("gl-account values are not checked", result.Output);
        Assert.Contains("TSHIRT-RED-M", export.Output);
        Assert.Contains("ORDER|ITEMFEES|COMMISSION,6100", export.Output);
    }

    [Fact]
    public async Task MappingsImport_NoVerify_StoresValuesP21DoesNotHave()
    {
        string connection = NewConnection();
        string csv = TestFiles.Write("sku,shopify,WIDGET-9,NOT-IN-P21\ncustomer,shopify,1,999999999\n", ".csv");

        CliResult result = await CliRun.RunAsync(["mappings", "import", csv, "--no-verify", .. Options(connection)]);
        CliResult export = await CliRun.RunAsync(["mappings", "export", "--source", "shopify", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("not checked against P21 (--no-verify)", result.Output);
        Assert.Contains("sku,shopify,WIDGET-9,NOT-IN-P21", export.Output);
    }

    [Fact]
    public async Task MappingsImport_ManyValues_ReadsP21InBatchesOfTwenty()
    {
        string connection = NewConnection();
        List<string> items = [.. (await sandbox.ODataAsync("inv_mast?$filter=delete_flag eq 'N'&$select=item_id&$orderby=item_id&$top=25")).Select(r => r.GetProperty("item_id").GetString()!)];
        Assert.Equal(25, items.Count);
        var csv = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"sku,shopify,WEB-{i},\"{items[i]}\"\n");
        }

        string path = TestFiles.Write(csv.ToString(), ".csv");
        sandbox.Host.Stats.Reset();

        CliResult result = await CliRun.RunAsync(["mappings", "import", path, .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("25 checked against P21", result.Output);
        Assert.Equal(2, sandbox.Host.Stats.Requests("odata"));
    }

    [Fact]
    public async Task MappingsImport_NoP21Url_SaysHowToCheckOrSkipTheCheck()
    {
        string csv = TestFiles.Write("sku,shopify,WIDGET-9,ITEM-1\n", ".csv");

        CliResult result = await CliRun.RunAsync(["mappings", "import", csv, "--storage", "memory", "--connection", NewConnection()]);
        CliResult glOnly = await CliRun.RunAsync(["mappings", "import", TestFiles.Write("gl-account,amazon,Order|ItemFees|Commission,6100\n", ".csv"), "--storage", "memory", "--connection", NewConnection()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("pass --p21 <url>", result.Error);
        Assert.Contains("--no-verify", result.Error);
        Assert.True(glOnly.ExitCode == ExitCodes.Ok, glOnly.ToString());
    }
}
