using System.Globalization;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary><see cref="PollRunner.RunAllAsync"/>: one entity on every configured connection.</summary>
public class RunAllTests
{
    [Fact]
    public async Task RunAllAsync_FourConnections_EachPolledOrSkippedAndAFailureDoesNotStopTheRest()
    {
        var options = new SandboxOptions { Customers = 2, Items = 12, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 };
        await using var polling = await SandboxPolling.StartAsync(options,
        [
            .. Connection("second", null, options),
            .. Connection("off", null, options),
            new("P21:Connections:off:Entities:items:Enabled", "false"),
            .. Connection("dead", "wrong-password", options),
            new("Secrets:wrong-password", "not-the-password"),
        ]);
        var sink = new InMemoryChangeSink();

        var round = await Assert.ThrowsAsync<PollRoundException>(() => polling.Runner.RunAllAsync("items", sink));

        var byConnection = round.Completed.ToDictionary(r => r.Connection, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(PollOutcome.Completed, byConnection[SandboxPolling.Connection].Outcome);
        Assert.Equal(PollOutcome.Completed, byConnection["second"].Outcome);
        Assert.Equal(PollOutcome.SkippedDisabled, byConnection["off"].Outcome);
        Assert.DoesNotContain("dead", byConnection.Keys);
        Assert.Single(round.InnerExceptions);
        Assert.Equal("items", round.Entity);

        // Same P21, two connections: the same records, with ids that differ by connection.
        var sources = sink.Events.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, sources.Count);
        Assert.Equal(sources["p21://sandbox/items"].Select(e => e.Subject).Order(), sources["p21://second/items"].Select(e => e.Subject).Order());
        Assert.Empty(sources["p21://sandbox/items"].Select(e => e.Id).Intersect(sources["p21://second/items"].Select(e => e.Id)));
    }

    [Fact]
    public async Task RunAllAsync_AllHealthy_ResultsAndSecondRoundPublishesNothing()
    {
        var options = new SandboxOptions { Customers = 2, Items = 8, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 };
        await using var polling = await SandboxPolling.StartAsync(options, Connection("second", null, options));

        var first = await polling.Runner.RunAllAsync("inventory", new InMemoryChangeSink());
        var again = new InMemoryChangeSink();
        var second = await polling.Runner.RunAllAsync("inventory", again);

        Assert.Equal(2, first.Count);
        Assert.All(first, r => Assert.True(r.EventsPublished > 0));
        Assert.All(second, r => Assert.Equal(PollOutcome.Completed, r.Outcome));
        Assert.Empty(again.Events);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => polling.Runner.RunAllAsync("no-such-entity", again));
    }

    private static IEnumerable<KeyValuePair<string, string?>> Connection(string name, string? passwordSecret, SandboxOptions options) =>
    [
        new($"P21:Connections:{name}:BaseUrl", SandboxPolling.SandboxUrl),
        new($"P21:Connections:{name}:UserName", options.UserName),
        new($"P21:Connections:{name}:PasswordSecretName", passwordSecret ?? "p21-password"),
        new($"P21:Connections:{name}:ServerUtcOffset", options.UtcOffset.ToString("c", CultureInfo.InvariantCulture)),
    ];
}
