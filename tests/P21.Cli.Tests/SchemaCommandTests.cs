using System.Net.Http.Json;

namespace P21.Cli.Tests;

/// <summary>Discover and drift; adds a custom field to its own sandbox, so it does not share one.</summary>
public sealed class SchemaCommandTests : IAsyncLifetime
{
    private readonly SandboxFixture _sandbox = new();

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task DiscoverThenDrift_NoChange_ThenAddedCustomField_ExitsOne()
    {
        string dir = Path.Combine(Path.GetTempPath(), "p21-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string draft = Path.Combine(dir, "draft.json"), snapshot = Path.Combine(dir, "schema.json");

        CliResult discovered = await CliRun.RunAsync(["discover", "--draft", draft, "--snapshot", snapshot, .. _sandbox.Connection()]);
        CliResult same = await CliRun.RunAsync(["drift", "--snapshot", snapshot, .. _sandbox.Connection()]);
        using (var http = new HttpClient { BaseAddress = _sandbox.Host.BaseAddress })
        {
            (await http.PostAsJsonAsync("_sandbox/ud-fields", new { table = "customer_ud", column = "loyalty_tier", type = "varchar", length = 20 })).EnsureSuccessStatusCode();
        }

        CliResult drifted = await CliRun.RunAsync(["drift", "--snapshot", snapshot, .. _sandbox.Connection()]);

        Assert.True(discovered.ExitCode == ExitCodes.Ok, discovered.ToString());
        Assert.Contains("customer_ud.ecommerce_customer_id", discovered.Output);
        Assert.Contains("\"customFields\"", File.ReadAllText(draft));
        Assert.Contains("\"tables\"", File.ReadAllText(snapshot));
        Assert.True(same.ExitCode == ExitCodes.Ok, same.ToString());
        Assert.Contains("no drift", same.Output);
        Assert.Equal(ExitCodes.Failure, drifted.ExitCode);
        Assert.Contains("✗ customer_ud.loyalty_tier added (Edm.String(20))", drifted.Output);
    }

    [Fact]
    public async Task Drift_NoSnapshot_SaysToRunDiscover()
    {
        CliResult result = await CliRun.RunAsync(["drift", .. _sandbox.Connection()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("run p21 discover first", result.Error);
    }

    [Fact]
    public async Task Drift_SnapshotNotJson_NamesTheFile()
    {
        string file = TestFiles.Write("this is not a snapshot");

        CliResult result = await CliRun.RunAsync(["drift", "--snapshot", file, .. _sandbox.Connection()]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(file, result.Error);
        Assert.Contains("not a schema snapshot", result.Error);
    }
}
