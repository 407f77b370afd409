using System.Text.Json;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Storage;

namespace P21.Cli.Tests;

/// <summary>
/// An operator's recovery after a crash (issue: resume right after a crash, never lose an output file): a lease left
/// by a killed process names its holder and can be taken over; <c>--out</c> is never truncated by a run that cannot
/// start, is appended to on <c>--resume</c>, and a torn last line is cut. State in Azurite (P21_TEST_STORAGE).
/// </summary>
public sealed class RecoveryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection];

    private static string NewConnection() => "r" + Guid.NewGuid().ToString("N")[..12];

    // What a `kill -9` leaves behind: the dead run's lease on the watermark row, unexpired, never released.
    private static async Task<WatermarkLease> LeaveADeadRunsLeaseAsync(string connection, string entity)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = TestFiles.Storage }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddP21Storage(configuration).BuildServiceProvider();
        return (await services.GetRequiredService<IWatermarkStore>().TryAcquireLeaseAsync(connection, entity, "build-agent-3/4711/2026-12-01T08:00:00Z/dead", TimeSpan.FromMinutes(10)))!;
    }

    [Fact]
    public async Task Backfill_LeaseOfAKilledRun_NamesTheHolderAndLeavesTheFile_TakeOverResumesAndAppends()
    {
        string connection = NewConnection();
        string file = TestFiles.Write("{\"id\":\"kept-1\"}\n{\"id\":\"kept-2\"}\n{\"id\":\"torn", ".ndjson");
        await LeaveADeadRunsLeaseAsync(connection, "vendors");

        CliResult blocked = await CliRun.RunAsync(["backfill", "vendors", "--resume", "--out", file, .. Options(connection)]);

        Assert.Equal(ExitCodes.Failure, blocked.ExitCode);
        Assert.Contains("another run holds the lease (host build-agent-3, process 4711 (started 2026-12-01T08:00:00Z)) until", blocked.All);
        Assert.Contains("--take-over", blocked.All);
        Assert.Equal("{\"id\":\"kept-1\"}\n{\"id\":\"kept-2\"}\n{\"id\":\"torn", await File.ReadAllTextAsync(file));

        CliResult resumed = await CliRun.RunAsync(["backfill", "vendors", "--resume", "--take-over", "--out", file, .. Options(connection)]);

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Contains("cut a torn last line (11 bytes)", resumed.All);
        string[] lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(["kept-1", "kept-2"], lines.Take(2).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Equal(SandboxFixture.Options.Vendors + 2, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l));
    }

    [Fact]
    public async Task BackfillAndSync_OutFileHoldingEvents_RefusedWithoutForce_ExitCode2_FileUntouched()
    {
        string connection = NewConnection();
        string file = TestFiles.Write("{\"id\":\"earlier\"}\n", ".ndjson");

        CliResult backfill = await CliRun.RunAsync(["backfill", "vendors", "--out", file, .. Options(connection)]);
        CliResult sync = await CliRun.RunAsync(["sync", "vendors", "--out", file, .. Options(connection)]);

        Assert.Equal(ExitCodes.Usage, backfill.ExitCode);
        Assert.Contains("already holds 17 bytes of events; pass --resume to add to it, or --force to overwrite it", backfill.All);
        Assert.Equal(ExitCodes.Usage, sync.ExitCode);
        Assert.Contains("pass --append to add to it, or --force to overwrite it", sync.All);
        Assert.Equal("{\"id\":\"earlier\"}\n", await File.ReadAllTextAsync(file));

        CliResult forced = await CliRun.RunAsync(["sync", "vendors", "--out", file, "--force", .. Options(connection)]);

        Assert.True(forced.ExitCode == ExitCodes.Ok, forced.ToString());
        Assert.DoesNotContain("earlier", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_KilledMidRun_ResumesAtOnceWithTakeOver_EveryEventInTheFileNoneTorn()
    {
        string connection = NewConnection();
        string file = Path.Combine(Path.GetTempPath(), $"p21-killed-{Guid.NewGuid():N}.ndjson");
        string settings = TestFiles.Write("""{ "P21": { "Polling": { "PageSize": 3 } } }""");
        // Pages of 3 rows, 300 ms per request: 30 pages take seconds, and once the test has seen two pages every further
        // request hangs, so the run is mid-way when it is killed however slowly this test is scheduled.
        sandbox.Host.Faults.LatencyMs = 300;
        try
        {
            // The CLI as an operator runs it, in its own process, killed like `kill -9` once some pages are in the file.
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "p21.dll"), "backfill", "inventory", "--out", file, "--settings", settings, .. Options(connection)])
            {
                start.ArgumentList.Add(arg);
            }

            using (var child = System.Diagnostics.Process.Start(start)!)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (!File.Exists(file) || (await File.ReadAllLinesAsync(file, deadline.Token)).Length < 6)
                {
                    if (child.HasExited)
                    {
                        Assert.Fail("the backfill ended before it could be killed: " + await child.StandardOutput.ReadToEndAsync() + await child.StandardError.ReadToEndAsync());
                    }

                    await Task.Delay(20, deadline.Token);
                }

                sandbox.Host.Faults.TimeoutRate = 1;
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(deadline.Token);
            }

            sandbox.Host.Faults.Reset();
            CliResult resumed = await CliRun.RunAsync(["backfill", "inventory", "--resume", "--take-over", "--out", file, "--settings", settings, .. Options(connection)]);

            Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
            Assert.Contains("resuming the unfinished inventory backfill", resumed.All);
            string[] lines = await File.ReadAllLinesAsync(file);
            List<string> ids = [.. lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];
            List<JsonElement> live = await sandbox.ODataAsync("inv_loc?$select=inv_mast_uid,location_id&$top=10000");
            Assert.True(ids.Distinct().Count() >= live.Count, $"{ids.Distinct().Count()} distinct events for {live.Count} inventory rows");
            Assert.True(ids.Count - ids.Distinct().Count() <= 3, $"{ids.Count - ids.Distinct().Count()} events sent twice: more than the page in flight");
        }
        finally
        {
            sandbox.Host.Faults.Reset();
            File.Delete(file);
        }
    }
}
