using Azure;

using P21.Cli.Hosting;
using P21.Connector.Client;
using P21.Connector.Write;

namespace P21.Cli.Tests;

/// <summary>Every failure is one line naming the cause and the fix, with no exception type names; usage errors exit 2.</summary>
public class FailureMessageTests
{
    [Fact]
    public void Describe_WriteBusy_SaysAnotherSubmitIsWritingAndUntilWhen()
    {
        var busy = new WriteBusyException("shopify:SalesOrder.Create:5901", "host/1", new DateTimeOffset(2026, 12, 2, 7, 1, 30, TimeSpan.Zero));

        (int code, string message) = CliFailure.Describe(busy, null);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("another submit is writing shopify:SalesOrder.Create:5901 right now (its claim lasts until 07:01:30Z while it is alive); run the command again after that — it will then find the order already written, or take over a dead claim", message);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_OpenCircuit_IsNotCannotReach()
    {
        var open = new P21RequestFailedException("circuit", 0, isTransient: true, innerException: new Polly.CircuitBreaker.BrokenCircuitException("open"));

        (_, string message) = CliFailure.Describe(open, null);

        Assert.StartsWith("P21 at the P21 URL failed several calls in a row, so calls are paused", message, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_StorageRefusedTheKey_SaysCheckTheKeyNotStartAzurite()
    {
        (_, string message) = CliFailure.Describe(new RequestFailedException(403, "Server failed to authenticate the request.", "AuthenticationFailed", null), null);

        Assert.Contains("refused the request (HTTP 403 AuthenticationFailed) — check the AccountKey (or SAS) in --storage", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageStorage_IsAUsageErrorNamingTheForms()
    {
        CliResult result = await CliRun.RunAsync(["parked", "list", "--storage", "not-a-connection-string", "--connection", "x"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not a storage connection string; use 'memory', 'UseDevelopmentStorage=true'", result.All);
        Assert.DoesNotContain("InvalidOperationException", result.All);
    }

    [Theory]
    [InlineData("backfill", "--from")]
    [InlineData("sync", "--since")]
    public async Task NotADate_IsAUsageErrorNamingTheForms(string command, string option)
    {
        CliResult result = await CliRun.RunAsync([command, "vendors", option, "yesterday", "--storage", "memory"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{option} 'yesterday' is not a date — give an ISO 8601 date or instant, e.g. 2026-03-01", result.All);
        Assert.DoesNotContain("System.", result.All);
    }

    [Fact]
    public async Task SubmitWithMemoryStorage_RefusedUnlessAllowed_ExplainingWhy()
    {
        string order = TestFiles.ShopifyOrder(TestFiles.NewOrderId(), ("ANY", 1m, 1));
        string[] options = ["--p21", $"http://127.0.0.1:{TestFiles.ClosedPort()}", "--user", "u", "--password", "p", "--storage", "memory", "--settings", TestFiles.WriterSettings()];

        CliResult refused = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, .. options]);
        CliResult replay = await CliRun.RunAsync(["parked", "replay", "abc", .. options]);
        CliResult allowed = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", order, "--allow-unshared-ledger", .. options]);

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("--storage memory keeps the idempotency ledger in this process only", refused.All);
        Assert.Contains("--allow-unshared-ledger", refused.All);
        Assert.Equal(ExitCodes.Usage, replay.ExitCode);
        Assert.DoesNotContain("keeps the idempotency ledger", allowed.All); // it went on, to fail reaching the closed port
        Assert.Equal(ExitCodes.Failure, allowed.ExitCode);
    }

    [Fact]
    public async Task HostThatAcceptsAndNeverAnswers_SaysItIsWaiting_ThenGivesUpAtTheTimeout()
    {
        // A loopback listener that accepts every connection and never sends a byte (a hung P21 or a black-holing proxy).
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        Task accepting = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    held.Add(await listener.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        });
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        string settings = TestFiles.Write("""{ "P21": { "Connections": { "default": { "RequestTimeout": "00:00:01" } } } }""");

        CliResult result = await CliRun.RunAsync(["sync", "vendors", "--p21", $"http://127.0.0.1:{port}", "--user", "u", "--password", "p",
            "--storage", "memory", "--settings", settings, "--timeout", "6s"]);
        await stop.CancelAsync();
        await accepting;
        held.ForEach(c => c.Dispose());

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("waiting for P21 (no answer within 1 s on token request; attempt 2 of 5, next in", result.All);
        Assert.Contains("gave up after 00:00:06 (--timeout)", result.All);
    }
}
