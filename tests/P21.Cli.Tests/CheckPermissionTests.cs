using P21.Sandbox;

namespace P21.Cli.Tests;

/// <summary><c>p21 check</c> against a P21 whose API user lacks Dataservice permission on a table (its own sandbox).</summary>
public sealed class CheckPermissionTests : IAsyncLifetime
{
    private SandboxHost _host = null!;

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync(new SandboxOptions
    {
        Customers = 3,
        Items = 3,
        SalesOrders = 1,
        PurchaseOrders = 1,
        Vendors = 1,
        DeniedTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "inv_loc" },
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Check_DeniedTable_ExitsOneNamingTheTableAndTheP21SettingsToFix()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", _host.BaseAddress.ToString(), "--user", "api_user", "--password", "api_password",
            "--utc-offset", "-05:00", "--connection", "dp" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        string line = Assert.Single(result.Output.Split('\n'), l => l.Contains("✗", StringComparison.Ordinal));
        Assert.Contains("read inv_loc", line);
        Assert.Contains("HTTP 403", line);
        Assert.Contains("'Allow OData API Service'", line);
        Assert.Contains("Dataservice Permission on inv_loc", line);
        Assert.Contains("✓ read customer", result.Output);
        Assert.Contains("1 check(s) failed.", result.Output);
    }

    [Fact]
    public async Task Check_DeniedTable_ConsumerKeyIsNotAffected()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", _host.BaseAddress.ToString(), "--consumer-key", "sandbox-consumer-key",
            "--utc-offset", "-05:00", "--connection", "dk" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ read inv_loc", result.Output);
    }
}
