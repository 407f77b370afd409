using P21.Sandbox;

namespace P21.Cli.Tests;

/// <summary><c>p21 check</c> against a P21 without the <c>p21_view_es_*</c> views (its own sandbox): reported, not failed.</summary>
public sealed class CheckChangeProbeTests : IAsyncLifetime
{
    private SandboxHost _host = null!;

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync(new SandboxOptions
    {
        Customers = 3,
        Items = 3,
        SalesOrders = 1,
        PurchaseOrders = 1,
        Vendors = 1,
        EnterpriseSearchViews = false,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Check_WithoutEsViews_SaysTheEntitiesPollEveryStream_AndStillPasses()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", _host.BaseAddress.ToString(), "--user", "api_user", "--password", "api_password",
            "--utc-offset", "-05:00", "--connection", "ep" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ change probe items: p21_view_es_item not available (HTTP 404): items polls read every stream, one request each", result.Output);
        Assert.Contains("✓ change probe invoices: p21_view_es_invoice_hdr not available (HTTP 404)", result.Output);
        Assert.Contains("P21 is ready for the connector.", result.Output);
    }
}
