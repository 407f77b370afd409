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
}
