using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

using P21.Functions.Hosting;

namespace P21.Functions.Tests.Hosting;

/// <summary>
/// The built app started the way the Functions host starts an isolated worker: <c>dotnet P21.Functions.dll
/// --functions-uri http://127.0.0.1:{port}/ ...</c> with the settings as environment variables. Start-up validates every
/// options class before the worker dials the host, so a bad setting ends the process (exit 78) with one line per setting
/// and no connection attempt; good settings get as far as the gRPC handshake.
/// </summary>
public sealed class WorkerStartupTests
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LocalSettingsSample_PassesValidationAndDialsTheHost()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        using var deadline = new CancellationTokenSource(ProcessDeadline);

        var run = StartAsync(SampleSettings(), Port(host), deadline.Token);
        using (var connection = await host.AcceptTcpClientAsync(deadline.Token))
        {
            // A host that accepts and then hangs up: the worker gives up instead of waiting forever.
            host.Stop();
        }

        var result = await run;

        Assert.NotEqual(StartupFailure.SettingsExitCode, result.ExitCode);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("did not start", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoHostListening_ExitsWithTheGrpcUnavailableError()
    {
        // What the worker does once no host answers (docs/build.md): it does not retry; it exits non-zero.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = Port(probe);
        }

        using var deadline = new CancellationTokenSource(ProcessDeadline);
        var result = await StartAsync(SampleSettings(), port, deadline.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual(StartupFailure.SettingsExitCode, result.ExitCode);
        Assert.Contains("StatusCode=\"Unavailable\"", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P21__Connections__sandbox__BaseUrl", "P21:Connections:sandbox:BaseUrl is missing")]
    [InlineData("Storage__ConnectionString", "set Storage:ConnectionString")]
    [InlineData("ServiceBus", "ServiceBus__fullyQualifiedNamespace")]
    [InlineData("Writer__DefaultSalesLocationId", "The Writer:DefaultSalesLocationId field is required (app setting Writer__DefaultSalesLocationId).")]
    [InlineData("Writer__DefaultSalesrepId", "The Writer:DefaultSalesrepId field is required")]
    [InlineData("Writer__DefaultBranch", "The Writer:DefaultBranch field is required")]
    [InlineData("Poll__Invoices__Schedule", "Poll:Invoices:Schedule is missing (app setting Poll__Invoices__Schedule)")]
    [InlineData("Schema__Drift__Schedule", "Schema:Drift:Schedule is missing")]
    [InlineData("Amazon__Orders__Schedule", "Amazon:Orders:Schedule is missing (app setting Amazon__Orders__Schedule)")]
    [InlineData("Amazon__Settlements__Schedule", "Amazon:Settlements:Schedule is missing (app setting Amazon__Settlements__Schedule)")]
    public async Task RequiredSettingMissing_ExitsBeforeDialingTheHostNamingTheSetting(string setting, string expected)
    {
        var settings = SampleSettings();
        Assert.True(settings.Remove(setting), $"local.settings.sample.json no longer holds {setting}");

        var (result, dialed) = await StartRefusedAsync(settings);

        Assert.Equal(StartupFailure.SettingsExitCode, result.ExitCode);
        Assert.Contains("P21.Functions did not start: 1 setting needs fixing", result.Output, StringComparison.Ordinal);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.False(dialed, "the worker dialed the host before its settings were valid");
    }

    [Theory]
    [InlineData("Storage__ConnectionString", "memory", "which the Function App refuses")]
    [InlineData("Poll__Items__Schedule", "*/5 * * * *", "Poll:Items:Schedule '*/5 * * * *' is not a 6-field NCRONTAB schedule")]
    [InlineData("Poll__Items__Schedule", "0 */5 * * * MON-XYZ", "Poll:Items:Schedule '0 */5 * * * MON-XYZ' is not a 6-field NCRONTAB schedule")]
    [InlineData("Intake__MaxBodyBytes", "10", "The field Intake:MaxBodyBytes must be between 1024 and 67108864 (app setting Intake__MaxBodyBytes).")]
    [InlineData("Intake__Shopify__SecretName", "", "Intake:Shopify:SecretName")]
    [InlineData("Inventory__MaxBatchBodyBytes", "1", "Inventory:MaxBatchBodyBytes must be between")]
    [InlineData("P21__Connections__sandbox__PageSize", "lots", "P21:Connections:sandbox:PageSize")]
    public async Task InvalidSetting_ExitsBeforeDialingTheHostNamingTheSetting(string setting, string value, string expected)
    {
        var settings = SampleSettings();
        settings[setting] = value;

        var (result, dialed) = await StartRefusedAsync(settings);

        Assert.Equal(StartupFailure.SettingsExitCode, result.ExitCode);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.False(dialed, "the worker dialed the host before its settings were valid");
    }

    [Fact]
    public async Task SeveralSettingsWrong_ListsEachOnItsOwnLine()
    {
        var settings = SampleSettings();
        settings.Remove("Writer__DefaultBranch");
        settings["Poll__Prices__Schedule"] = "hourly";

        var (result, _) = await StartRefusedAsync(settings);

        Assert.Equal(StartupFailure.SettingsExitCode, result.ExitCode);
        Assert.Contains("2 settings need fixing", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("  - The Writer:DefaultBranch field is required", StringComparison.Ordinal));
        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("  - Poll:Prices:Schedule 'hourly'", StringComparison.Ordinal));
    }

    // Starts the worker against a listener that records whether it was dialed; the worker must exit on its own.
    private static async Task<(WorkerResult Result, bool Dialed)> StartRefusedAsync(Dictionary<string, string> settings)
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        using var deadline = new CancellationTokenSource(ProcessDeadline);
        var result = await StartAsync(settings, Port(host), deadline.Token);
        bool dialed = host.Pending();
        return (result, dialed);
    }

    private static async Task<WorkerResult> StartAsync(Dictionary<string, string> settings, int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // The arguments the Functions host passes to an isolated worker (worker.config.json names the dll).
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "P21.Functions.dll"),
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", Guid.NewGuid().ToString(),
            "--functions-request-id", Guid.NewGuid().ToString(), "--functions-grpc-max-message-length", "2147483647"])
        {
            start.ArgumentList.Add(arg);
        }

        // Only the settings under test: nothing from this machine's environment may satisfy a missing one.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (!KeptVariables.Contains(name) && !name.StartsWith("DOTNET_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new WorkerResult(process.ExitCode, await stdout + await stderr);
    }

    private static readonly HashSet<string> KeptVariables = new(StringComparer.Ordinal) { "PATH", "HOME", "TMPDIR", "TEMP", "TMP", "USER" };

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    // The sample's Values as the host passes them to the worker: environment variables, '__' for ':'.
    private static Dictionary<string, string> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private sealed record WorkerResult(int ExitCode, string Output);
}
