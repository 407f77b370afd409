using System.Text.Json;

using P21.Sandbox.Amazon;

namespace P21.Cli.Tests;

/// <summary>
/// <c>p21 amazon check</c> and <c>p21 amazon orders pull</c> through the real command line, against the loopback
/// <see cref="SpApiFake"/> and, for writes, the P21 sandbox with state in Azurite (P21_TEST_STORAGE), so a second
/// invocation sees what the first one committed.
/// </summary>
public sealed class AmazonCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    // The sandbox's first customer (SeedGenerator.CustomerBase + 1): without restricted data Amazon hides the buyer.
    private const string HouseCustomer = "100001";

    private static string NewConnection() => "a" + Guid.NewGuid().ToString("N")[..12];

    private static string NewOrderId() => $"114-{Random.Shared.Next(1_000_000, 9_999_999)}-{Random.Shared.Next(1_000_000, 9_999_999)}";

    [Fact]
    public async Task Check_AuthorizedSeller_PassesLoginMarketplaceAndEveryRole()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);

        CliResult result = await CliRun.RunAsync(["amazon", "check", "--settings", Settings(fake), "--storage", "memory"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("login: Login with Amazon issued an access token", result.Output, StringComparison.Ordinal);
        Assert.Contains("store Acme Industrial Supply", result.Output, StringComparison.Ordinal);
        Assert.Contains($"marketplace {SpApiFake.Marketplace}: Amazon.com (US, USD): participating", result.Output, StringComparison.Ordinal);
        Assert.Contains("orders: getOrders answered", result.Output, StringComparison.Ordinal);
        Assert.Contains("restricted data: createRestrictedDataToken issued a token", result.Output, StringComparison.Ordinal);
        Assert.Contains("settlement reports: getReports answered", result.Output, StringComparison.Ordinal);
        Assert.Contains("Amazon is ready", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckJson_NoFinanceRoleAndAForeignMarketplace_FailsNamingTheRoleAndTheSetting()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.DeniedOperations.Add("getReports");

        CliResult result = await CliRun.RunAsync(["amazon", "check", "--json", "--settings", Settings(fake, marketplaces: [SpApiFake.Marketplace, "A1F83G8C2ARO7P"]), "--storage", "memory"]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Dictionary<string, JsonElement> checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(checks["login"].GetProperty("ok").GetBoolean());
        Assert.False(checks["orders"].GetProperty("ok").GetBoolean());
        Assert.Contains("Amazon:MarketplaceIds", checks["orders"].GetProperty("remedy").GetString(), StringComparison.Ordinal);
        Assert.True(checks["restricted data"].GetProperty("ok").GetBoolean());
        Assert.False(checks["marketplace A1F83G8C2ARO7P"].GetProperty("ok").GetBoolean());
        Assert.Contains("Amazon:MarketplaceIds", checks["marketplace A1F83G8C2ARO7P"].GetProperty("remedy").GetString(), StringComparison.Ordinal);
        Assert.False(checks["settlement reports"].GetProperty("ok").GetBoolean());
        Assert.Contains("Finance and Accounting", checks["settlement reports"].GetProperty("remedy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RevokedRefreshToken_StopsAtLoginNamingTheSecretSetting()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.RevokedRefreshTokens.Add(SpApiFake.RefreshToken);

        CliResult result = await CliRun.RunAsync(["amazon", "check", "--settings", Settings(fake), "--storage", "memory"]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Contains("Amazon:RefreshTokenName", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("orders:", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, fake.OrdersCalls);
    }

    [Fact]
    public async Task OrdersPull_WritesEachNewOrderToP21Once_AndARePullWritesNothingAgain()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        string item = await sandbox.FirstItemAsync();
        string[] ids = [NewOrderId(), NewOrderId()];
        fake.Seed(ids[0], DateTimeOffset.UtcNow.AddMinutes(-40), items: (item, 2, 20m));
        fake.Seed(ids[1], DateTimeOffset.UtcNow.AddMinutes(-30), items: (item, 1, 10m));
        string[] options = Options(fake, NewConnection());

        CliResult first = await CliRun.RunAsync(["amazon", "orders", "pull", "--json", .. options]);
        CliResult again = await CliRun.RunAsync(["amazon", "orders", "pull", .. options]);
        CliResult repull = await CliRun.RunAsync(["amazon", "orders", "pull", "--since", "2h", "--json", .. options]);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        using var firstJson = JsonDocument.Parse(first.Output);
        JsonElement[] orders = [.. firstJson.RootElement.GetProperty("orders").EnumerateArray()];
        Assert.Equal(ids, orders.Select(o => o.GetProperty("amazonOrderId").GetString()));
        Assert.All(orders, o => Assert.Equal("committed", o.GetProperty("written").GetString()));
        Assert.NotNull(firstJson.RootElement.GetProperty("watermark").GetString());
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("0 order(s) updated since", again.Output, StringComparison.Ordinal);
        Assert.True(repull.ExitCode == ExitCodes.Ok, repull.ToString());
        using var json = JsonDocument.Parse(repull.Output);
        Assert.True(json.RootElement.GetProperty("repull").GetBoolean());
        Assert.Equal(["AlreadyPulled", "AlreadyPulled"], json.RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()));
        foreach (JsonElement o in orders)
        {
            Assert.Single(await sandbox.ODataAsync($"oe_hdr?$filter=order_no eq '{o.GetProperty("p21Key").GetString()}'&$select=order_no"));
        }
    }

    [Fact]
    public async Task OrdersPull_ARefusedOrder_IsParked_ReplayPointsToTheRePull_AndTheRePullWritesIt()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        string item = await sandbox.FirstItemAsync();
        string id = NewOrderId();
        fake.Seed(id, DateTimeOffset.UtcNow.AddMinutes(-20), items: (new string('X', 101), 1, 5m));
        string[] options = Options(fake, NewConnection());

        CliResult pulled = await CliRun.RunAsync(["amazon", "orders", "pull", "--json", .. options]);
        using var report = JsonDocument.Parse(pulled.Output);
        JsonElement order = report.RootElement.GetProperty("orders")[0];
        string reason = order.GetProperty("reason").GetString()!;
        string parkedId = System.Text.RegularExpressions.Regex.Match(reason, @"parked record (\S+);").Groups[1].Value;
        CliResult show = await CliRun.RunAsync(["parked", "show", parkedId, .. options]);
        CliResult replay = await CliRun.RunAsync(["parked", "replay", parkedId, .. options]);
        string since = System.Text.RegularExpressions.Regex.Match(show.Output, @"--since (\S+)").Groups[1].Value;
        fake.ReplaceItems(id, (item, 1, 5m));
        CliResult repulled = await CliRun.RunAsync(["amazon", "orders", "pull", "--since", since, .. options]);
        CliResult after = await CliRun.RunAsync(["parked", "show", parkedId, .. options]);

        Assert.True(pulled.ExitCode == ExitCodes.Failure, pulled.ToString());
        Assert.Equal("Refused", order.GetProperty("outcome").GetString());
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        Assert.Contains("p21 amazon orders pull --since", show.Output, StringComparison.Ordinal);
        Assert.True(replay.ExitCode == ExitCodes.Failure, replay.ToString());
        Assert.Contains("not replayed", replay.Output, StringComparison.Ordinal);
        Assert.Contains("p21 amazon orders pull --since", replay.Output, StringComparison.Ordinal);
        Assert.True(repulled.ExitCode == ExitCodes.Ok, repulled.ToString());
        Assert.Contains("committed", repulled.Output, StringComparison.Ordinal);
        Assert.Contains("Replayed", after.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReturnsPull_FbaOrderPulledThenReturned_RequestsThenWritesOneRmaAtTheFbaLocation_AndReadsNothingTwice()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.ReportProcessingTime = TimeSpan.Zero;
        string item = await sandbox.FirstItemAsync();
        string id = NewOrderId();
        fake.Seed(id, DateTimeOffset.UtcNow.AddHours(-3), status: "Shipped", channel: "AFN", items: (item, 2, 20m));
        fake.SeedCustomerReturn(DateTimeOffset.UtcNow.AddHours(-1), id, item, 1, licensePlate: "LPNRR000000001");
        string[] options = Options(fake, NewConnection(), fba: true);
        CliResult orders = await CliRun.RunAsync(["amazon", "orders", "pull", .. options]);
        Assert.True(orders.ExitCode == ExitCodes.Ok, orders.ToString());

        CliResult requested = await CliRun.RunAsync(["amazon", "returns", "pull", .. options]);
        CliResult read = await CliRun.RunAsync(["amazon", "returns", "pull", "--json", .. options]);
        CliResult again = await CliRun.RunAsync(["amazon", "returns", "pull", .. options]);

        Assert.True(requested.ExitCode == ExitCodes.Ok, requested.ToString());
        Assert.Contains("requested; Amazon builds it in minutes", requested.Output, StringComparison.Ordinal);
        Assert.True(read.ExitCode == ExitCodes.Ok, read.ToString());
        using var json = JsonDocument.Parse(read.Output);
        Assert.Equal("Pulled", json.RootElement.GetProperty("step").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("enqueued").GetInt32());
        string written = json.RootElement.GetProperty("written").GetProperty($"{id}-LPNRR000000001").GetString()!;
        Assert.StartsWith("committed ", written, StringComparison.Ordinal);
        string rma = written["committed ".Length..];
        JsonElement header = Assert.Single(await sandbox.ODataAsync($"oe_hdr?$filter=order_no eq '{rma}'&$select=rma_flag,location_id,po_no"));
        Assert.Equal(("Y", 20m, id), (header.GetProperty("rma_flag").GetString(), header.GetProperty("location_id").GetDecimal(), header.GetProperty("po_no").GetString()));
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("requested", again.Output, StringComparison.Ordinal);
        Assert.Equal(2, fake.CreateReportCalls);
    }

    [Fact]
    public async Task OrdersPull_SinceNotADate_IsAUsageErrorNamingTheForms()
    {
        CliResult result = await CliRun.RunAsync(["amazon", "orders", "pull", "--since", "yesterday", "--storage", "memory"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--since 'yesterday' is not a date or a duration", result.All, StringComparison.Ordinal);
    }

    private string[] Options(SpApiFake fake, string connection, bool fba = false) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", Settings(fake, fba: fba)];

    // With fba, FBA orders are written to location 20 (the sandbox's second location), and so are their returns.
    private static string Settings(SpApiFake fake, string[]? marketplaces = null, bool fba = false) => TestFiles.Write($$"""
        {
          "Amazon": {
            "Endpoint": "{{fake.BaseUrl}}", "TokenEndpoint": "{{fake.TokenEndpoint}}", "ClientId": "{{SpApiFake.ClientId}}",
            "ClientSecretName": "amazon-lwa-client-secret", "RefreshTokenName": "amazon-refresh-token",
            "MarketplaceIds": {{JsonSerializer.Serialize(marketplaces ?? [SpApiFake.Marketplace])}},
            "Orders": { "RestrictedData": true }
          },
          "Secrets": { "amazon-lwa-client-secret": "{{SpApiFake.ClientSecret}}", "amazon-refresh-token": "{{SpApiFake.RefreshToken}}" },
          "Writer": {
            "DefaultSalesLocationId": "10", "DefaultSalesrepId": "SR01", "DefaultBranch": "10",
            "ChargeItems": { "Freight": "FREIGHT", "Handling": "HANDLING", "GiftWrap": "GIFTWRAP", "Fee": "FEE" },
            "HouseCustomerIds": { "amazon": "{{HouseCustomer}}" },
            "ShipToPolicyBySource": { "amazon": "MatchOrOneTimeAddress" }{{(fba ? ", \"MarketplaceLocationId\": \"20\"" : "")}}
          }{{(fba ? ", \"Intake\": { \"Eligibility\": { \"MarketplaceFulfilled\": \"WriteToMarketplaceLocation\" } }" : "")}}
        }
        """);
}
