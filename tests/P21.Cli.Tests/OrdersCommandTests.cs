using System.Text.Json;

namespace P21.Cli.Tests;

/// <summary>Orders, parked records and mappings against the sandbox, with state in Azurite (P21_TEST_STORAGE) so it outlives one invocation.</summary>
public sealed class OrdersCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{

    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", TestFiles.WriterSettings()];

    private static string NewConnection() => "o" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task OrdersSubmit_Twice_WritesOnce()
    {
        string connection = NewConnection();
        string itemA = await sandbox.FirstItemAsync();
        string order = TestFiles.ShopifyOrder(TestFiles.NewOrderId(), (itemA, 1.25m, 4));

        CliResult first = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, .. Options(connection)]);
        CliResult second = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, "--json", .. Options(connection)]);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("✓ written: sales order", first.Output);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        using var report = JsonDocument.Parse(second.Output);
        Assert.Equal("duplicate", report.RootElement.GetProperty("status").GetString());
        string key = report.RootElement.GetProperty("p21Key").GetString()!;
        Assert.Contains($"sales order {key}", first.Output);
    }

    [Fact]
    public async Task OrdersDryRun_UnknownSku_ShowsItWouldParkAndWritesNothing()
    {
        string connection = NewConnection();
        string itemA = await sandbox.FirstItemAsync();
        string payloads = TestFiles.Write("[" + File.ReadAllText(TestFiles.ShopifyOrder(TestFiles.NewOrderId(), (itemA, 2m, 1))) + ","
            + File.ReadAllText(TestFiles.ShopifyOrder(TestFiles.NewOrderId(), ("NO-SUCH-SKU", 2m, 1))) + "]");

        CliResult result = await CliRun.RunAsync(["orders", "dry-run", "--source", "shopify", "--file", payloads, .. Options(connection)]);
        CliResult parked = await CliRun.RunAsync(["parked", "list", .. Options(connection)]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("unknown SKU NO-SUCH-SKU (line 1)", result.Output);
        Assert.Contains("1 would be written", result.Output);
        Assert.Contains("1 parked", result.Output);
        Assert.Contains("nothing was written", result.Output);
        Assert.Contains("no parked records", parked.Output);
    }

    [Fact]
    public async Task OrdersSubmit_UnknownSku_ParksThenMappingAndReplayWritesIt()
    {
        string connection = NewConnection();
        string itemA = await sandbox.FirstItemAsync();
        string order = TestFiles.ShopifyOrder(TestFiles.NewOrderId(), ("WEB-SKU-1", 3m, 2));

        CliResult submitted = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, "--json", .. Options(connection)]);
        using var report = JsonDocument.Parse(submitted.Output);
        string id = report.RootElement.GetProperty("parkedId").GetString()!;
        CliResult list = await CliRun.RunAsync(["parked", "list", .. Options(connection)]);
        CliResult show = await CliRun.RunAsync(["parked", "show", id, .. Options(connection)]);
        CliResult imported = await CliRun.RunAsync(["mappings", "import", TestFiles.Write($"kind,source,key,value\nsku,shopify,WEB-SKU-1,\"{itemA}\"\n", ".csv"), .. Options(connection)]);
        CliResult replayed = await CliRun.RunAsync(["parked", "replay", id, .. Options(connection)]);

        Assert.Equal(ExitCodes.Failure, submitted.ExitCode);
        Assert.Equal("parked", report.RootElement.GetProperty("status").GetString());
        Assert.Contains(id, list.Output);
        Assert.Contains("unknown SKU WEB-SKU-1", show.Output);
        Assert.Contains("WEB-SKU-1", show.Output[show.Output.IndexOf("payload:", StringComparison.Ordinal)..]);
        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
        Assert.True(replayed.ExitCode == ExitCodes.Ok, replayed.ToString());
        Assert.Contains("replayed: written to P21 as", replayed.Output);
    }

    [Fact]
    public async Task ParkedReplay_FailsAgain_RecordShowsTheNewReasonWithItsIdAndPayload()
    {
        string connection = NewConnection();
        string order = TestFiles.ShopifyOrder(TestFiles.NewOrderId(), ("WEB-SKU-2", 3m, 2));
        CliResult submitted = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, "--json", .. Options(connection)]);
        string id = JsonDocument.Parse(submitted.Output).RootElement.GetProperty("parkedId").GetString()!;
        CliResult before = await CliRun.RunAsync(["parked", "show", id, "--json", .. Options(connection)]);
        // A wrong fix: the SKU now maps to an item P21 does not have, so P21 refuses the line instead.
        CliResult imported = await CliRun.RunAsync(["mappings", "import", TestFiles.Write("sku,shopify,WEB-SKU-2,NO-SUCH-ITEM\n", ".csv"), "--no-verify", .. Options(connection)]);

        CliResult replayed = await CliRun.RunAsync(["parked", "replay", id, .. Options(connection)]);
        CliResult after = await CliRun.RunAsync(["parked", "show", id, "--json", .. Options(connection)]);

        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
        Assert.Equal(ExitCodes.Failure, replayed.ExitCode);
        Assert.Contains("still parked: P21 rejected the Order transaction", replayed.Output);
        using JsonDocument was = JsonDocument.Parse(before.Output), now = JsonDocument.Parse(after.Output);
        Assert.StartsWith("unknown SKU WEB-SKU-2", was.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("P21 rejected the Order transaction", now.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("NO-SUCH-ITEM", now.RootElement.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, now.RootElement.GetProperty("id").GetString());
        Assert.Equal(was.RootElement.GetProperty("payload").GetString(), now.RootElement.GetProperty("payload").GetString());
        Assert.Equal(2, now.RootElement.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task ParkedDiscard_UnknownId_SaysHowToListThem()
    {
        CliResult result = await CliRun.RunAsync(["parked", "discard", "nope", "--reason", "test", .. Options(NewConnection())]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no parked record 'nope'", result.Error);
        Assert.Contains("p21 parked list", result.Error);
    }

    [Fact]
    public async Task OrdersSubmit_MissingFile_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-order-" + Guid.NewGuid().ToString("N") + ".json");

        CliResult result = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", path, .. Options(NewConnection())]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"error: {path}: not found", result.Error);
    }

    [Fact]
    public async Task OrdersSubmit_NotJson_IsRejectedByIntakeWithTheReason()
    {
        CliResult result = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", TestFiles.Write("{ not json"), .. Options(NewConnection())]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("rejected by intake (HTTP 400)", result.Output);
        Assert.Contains("not well-formed JSON", result.Output);
    }

    [Fact]
    public async Task OrdersSubmit_WrongSignatureHeaders_AreRefused()
    {
        string headers = TestFiles.Write("X-Shopify-Hmac-Sha256: bm90IHRoZSBzaWduYXR1cmU=\nX-Shopify-Topic: orders/create\n", ".txt");

        CliResult result = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", TestFiles.ShopifyOrder(TestFiles.NewOrderId(), ("ANY", 1m, 1)), "--headers", headers, .. Options(NewConnection())]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("rejected by intake (HTTP 401)", result.Output);
        Assert.Contains("X-Shopify-Hmac-Sha256", result.Output);
    }

    [Fact]
    public async Task MappingsImport_BadCsv_NamesEveryBadLineAndImportsNothing()
    {
        string connection = NewConnection();
        string csv = TestFiles.Write("kind,source,key,value\nsku,shopify,A-1,ITEM-1\nskus,shopify,A-2,ITEM-2\nsku,shopify,A-3\ngl-account,amazon,Order,4000\n", ".csv");

        CliResult result = await CliRun.RunAsync(["mappings", "import", csv, .. Options(connection)]);
        CliResult export = await CliRun.RunAsync(["mappings", "export", "--source", "shopify", .. Options(connection)]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 3: unknown kind 'skus' — use sku, customer, ship-to or gl-account", result.Error);
        Assert.Contains("line 4: expected 4 fields (kind,source,key,value) but found 3", result.Error);
        Assert.Contains("line 5: a gl-account key is 'transaction type|amount type|amount description'", result.Error);
        Assert.Contains("nothing imported", result.Error);
        Assert.Equal("kind,source,key,value", export.Output.Trim());
    }

    [Fact]
    public async Task MappingsImportExport_RoundTrips()
    {
        string connection = NewConnection();
        string csv = TestFiles.Write("sku,shopify,a-1,ITEM-1\ncustomer,shopify,7392411361442,100001\ngl-account,shopify,Order|ItemFees|Commission,6100\nsku,shopify,\"b,2\",ITEM-2\n", ".csv");

        // The round trip of the CSV itself; checking the values against P21 is MappingsImportTests'.
        CliResult imported = await CliRun.RunAsync(["mappings", "import", csv, "--no-verify", .. Options(connection)]);
        CliResult export = await CliRun.RunAsync(["mappings", "export", "--source", "shopify", .. Options(connection)]);

        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
        Assert.Contains("imported 4 mapping(s)", imported.Output);
        Assert.Contains("sku,shopify,A-1,ITEM-1", export.Output);
        Assert.Contains("sku,shopify,\"B,2\",ITEM-2", export.Output);
        Assert.Contains("customer,shopify,7392411361442,100001", export.Output);
        Assert.Contains("gl-account,shopify,ORDER|ITEMFEES|COMMISSION,6100", export.Output);
    }
}
