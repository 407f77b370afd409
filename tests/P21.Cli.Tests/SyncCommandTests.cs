using System.Text.Json;

namespace P21.Cli.Tests;

public sealed class SyncCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Sync_Customers_WritesCloudEventsAsNdjson()
    {
        CliResult result = await CliRun.RunAsync(["sync", "customers", .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal("1.0", document.RootElement.GetProperty("specversion").GetString());
            Assert.Equal("p21.customer.changed", document.RootElement.GetProperty("type").GetString());
        }

        Assert.Contains($"customers: {lines.Length} events", result.Error);
        Assert.Contains("watermark committed", result.Error);
    }

    [Fact]
    public async Task Sync_DryRunToFile_CommitsNothing()
    {
        string[] connection = sandbox.Connection();
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ndjson");

        CliResult result = await CliRun.RunAsync(["sync", "vendors", "--dry-run", "--out", file, .. connection]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(SandboxFixture.Options.Vendors, File.ReadAllLines(file).Length);
        Assert.Contains("dry run: watermark and fingerprints not committed", result.Output);
    }

    [Fact]
    public void Summary_QuietRun_SaysTheProbeSawNoChange_NotThatRowsWereRead()
    {
        var quiet = new P21.Connector.Poll.PollResult("main", "items", P21.Connector.Poll.PollOutcome.Completed, null, 0, 0, 0, 0, 1, TimeSpan.FromMilliseconds(80)) { Quiet = true };
        var busy = quiet with { Quiet = false, RowsRead = 3, Pages = 1, P21Requests = 4 };

        Assert.Equal("items: quiet: the change probe saw no change since the last full read, so no table was read (1 request in 0.1 s)",
            P21.Cli.Commands.Sync.SyncAction.Summary(quiet, dryRun: false));
        Assert.StartsWith("items: 0 events, 3 rows read", P21.Cli.Commands.Sync.SyncAction.Summary(busy, dryRun: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_UnknownEntity_ListsTheValidOnes()
    {
        CliResult result = await CliRun.RunAsync(["sync", "widgets", .. sandbox.Connection()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("widgets", result.All);
        Assert.Contains("customers", result.All);
        Assert.Contains("sales-orders", result.All);
    }

    [Fact]
    public async Task Backfill_ItemsToFile_WritesEveryLiveItemAndSummarises()
    {
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ndjson");

        CliResult result = await CliRun.RunAsync(["backfill", "items", "--out", file, .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        int events = File.ReadAllLines(file).Length;
        Assert.True(events > 0);
        // The fixture's sandbox also carries the 6 other-charge items (FREIGHT, HANDLING, GIFTWRAP, FEE, GIFTCARD, DISCOUNT) web orders use.
        Assert.Contains($"items: {events} events, {SandboxFixture.Options.Items + 6} rows read", result.Output);
    }

    [Fact]
    public async Task Backfill_Resume_WithoutUnfinishedBackfill_SaysSoAndRuns()
    {
        CliResult result = await CliRun.RunAsync(["backfill", "vendors", "--resume", .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("no unfinished vendors backfill to resume", result.Output);
        Assert.Contains("events were counted, not kept", result.Output);
    }

    [Fact]
    public async Task Sync_WrongSecret_SaysTheCredentialsWereRefused()
    {
        CliResult result = await CliRun.RunAsync("sync", "customers", "--p21", sandbox.Url, "--user", "api_user", "--password", "wrong-one-123", "--storage", "memory", "--connection", "ws" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("error: P21 refused the credentials: user 'api_user' with the given password — check --password / the consumer key in SOA Admin", result.Error);
        Assert.DoesNotContain("wrong-one-123", result.All);
    }
}
