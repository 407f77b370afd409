using System.Text.Json;
using System.Text.Json.Nodes;

using P21.Sandbox.Stores;

namespace P21.Cli.Tests;

/// <summary><c>p21 push</c> against the sandbox and the Shopify Admin fake, over real HTTP.</summary>
public sealed class PushCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Secret = "shopify-cli-token";

    [Fact]
    public async Task Push_DryRunThenForReal_SetsTheStoresStockFromAFreshInventoryPoll()
    {
        string[] items = [.. (await sandbox.ODataAsync("inv_loc?$select=item_id")).Select(r => r.GetProperty("item_id").GetString()!).Distinct(StringComparer.Ordinal)];
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock(), items);
        shop.Locations.Add(ShopifyAdminFake.Location3);
        var (args, settings) = Target(shop.BaseUrl, AllLocations());

        CliResult dry = await CliRun.RunAsync(["push", "shop", "--dry-run", "--settings", settings, .. args]);

        Assert.True(dry.ExitCode == ExitCodes.Ok, dry.ToString());
        Assert.Contains("(dry run)", dry.Output, StringComparison.Ordinal);
        Assert.Contains("no store called", dry.Output, StringComparison.Ordinal);
        Assert.Equal(0, shop.SetCalls + shop.LookupCalls);

        CliResult real = await CliRun.RunAsync(["push", "shop", "--settings", settings, .. args]);

        Assert.True(real.ExitCode == ExitCodes.Ok, real.ToString());
        Assert.All(items, item => Assert.NotNull(shop.Quantity(item, ShopifyAdminFake.Location1)));
        Assert.Contains("0 parked", real.Output, StringComparison.Ordinal);
        Assert.Contains("quantities set,", real.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SkusMissingOnTheStore_Parked_ThenReplayedByParkedReplayOnceCreated()
    {
        string[] items = [.. (await sandbox.ODataAsync("inv_loc?$select=item_id")).Select(r => r.GetProperty("item_id").GetString()!).Distinct(StringComparer.Ordinal)];
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock());
        shop.Locations.Add(ShopifyAdminFake.Location3);
        var (args, settings) = Target(shop.BaseUrl, AllLocations(), sandbox.ConnectionWith("-05:00", TestFiles.Storage));

        CliResult pushed = await CliRun.RunAsync(["push", "shop", "--settings", settings, .. args]);
        CliResult list = await CliRun.RunAsync(["parked", "list", "--json", "--settings", settings, .. args]);

        Assert.Equal(ExitCodes.Failure, pushed.ExitCode);
        using JsonDocument records = JsonDocument.Parse(list.Output);
        JsonElement first = records.RootElement.EnumerateArray().First(r => r.GetProperty("kind").GetString() == "push-inventory");
        Assert.Contains("is not on the Shopify store", first.GetProperty("reason").GetString(), StringComparison.Ordinal);
        foreach (string item in items)
        {
            shop.AddVariant(item);
        }

        CliResult replayed = await CliRun.RunAsync(["parked", "replay", first.GetProperty("id").GetString()!, "--settings", settings, .. args]);

        Assert.True(replayed.ExitCode == ExitCodes.Ok, replayed.ToString());
        Assert.Contains("replayed: pushed to shop (1 quantity set)", replayed.Output, StringComparison.Ordinal);
        Assert.Equal(1, shop.SetCalls);
    }

    [Fact]
    public async Task Push_SomeLocationsUnmapped_DryRunCountsWhatWouldParkAndExitsWithFailure()
    {
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock());
        var (args, settings) = Target(shop.BaseUrl, new() { ["10"] = ShopifyAdminFake.Location1 });

        CliResult result = await CliRun.RunAsync(["push", "shop", "--dry-run", "--settings", settings, .. args]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Matches("would push [1-9][0-9]*, would park [1-9][0-9]*;", result.Output);
        Assert.Equal(0, shop.SetCalls + shop.LookupCalls);
    }

    [Fact]
    public async Task Push_NoLocationMap_RefusedAtStartNamingTheSetting()
    {
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock());
        var (args, settings) = Target(shop.BaseUrl, []);

        CliResult result = await CliRun.RunAsync(["push", "shop", "--dry-run", "--settings", settings, .. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Push:Targets:shop:Locations", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_UnknownTarget_NamesTheSettingsToAdd()
    {
        CliResult result = await CliRun.RunAsync(["push", "nowhere", .. sandbox.Connection()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("No push target 'nowhere' (none is configured)", result.All, StringComparison.Ordinal);
        Assert.Contains("Push:Targets:nowhere:Platform", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_FromFileWithABadLine_NamesTheLine()
    {
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock());
        var (args, settings) = Target(shop.BaseUrl, AllLocations());
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ndjson");
        await File.WriteAllLinesAsync(file, ["", "{\"specversion\":\"1.0\"}"]);

        CliResult result = await CliRun.RunAsync(["push", "shop", "--from-file", file, "--settings", settings, .. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 2", result.All, StringComparison.Ordinal);
        Assert.Contains("no 'id' attribute", result.All, StringComparison.Ordinal);
        Assert.Equal(0, shop.SetCalls);
    }

    // A Shopify target on this test's own connection; the fixture's sandbox stocks its items at locations 10, 20 and 30.
    private static Dictionary<string, string> AllLocations() =>
        new() { ["10"] = ShopifyAdminFake.Location1, ["20"] = ShopifyAdminFake.Location2, ["30"] = ShopifyAdminFake.Location3 };

    private (string[] Args, string SettingsFile) Target(Uri shop, Dictionary<string, string> locations, string[]? connectionArgs = null)
    {
        string[] args = connectionArgs ?? sandbox.Connection();
        string connection = args[Array.IndexOf(args, "--connection") + 1];
        var target = new JsonObject
        {
            ["Platform"] = "Shopify",
            ["Connection"] = connection,
            ["Address"] = shop.ToString(),
            ["CredentialSecret"] = Secret,
        };
        if (locations.Count > 0)
        {
            var map = new JsonObject();
            foreach (var (p21, store) in locations)
            {
                map[p21] = store;
            }

            target["Locations"] = map;
        }

        var settings = new JsonObject
        {
            ["Push"] = new JsonObject { ["Targets"] = new JsonObject { ["shop"] = target } },
            ["Secrets"] = new JsonObject { [Secret] = ShopifyAdminFake.Token },
        };
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, settings.ToJsonString());
        return (args, file);
    }
}
