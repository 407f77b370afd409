using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>
/// A backfill split into key ranges (<c>P21:Polling:BackfillRanges</c>) against the sandbox over HTTP: every record
/// once, the requests counted, the hand-over to the change feed, and a failure part-way resumed range by range.
/// </summary>
public sealed class ParallelBackfillTests : IAsyncLifetime
{
    private const int Items = 450;

    // The sandbox seeds every 40th item deleted; a backfill publishes the live ones.
    private const int Live = Items - (Items / 40);

    private SandboxPolling _polling = null!;

    public async Task InitializeAsync() =>
        _polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 2, Items = Items, Locations = 1, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 },
            [
                new($"P21:Connections:{SandboxPolling.Connection}:PageSize", "100"),
                new($"P21:Connections:{SandboxPolling.Connection}:ReadConcurrency", "4"),
                new("P21:Polling:BackfillRanges", "4"),
            ]);

    public async Task DisposeAsync() => await _polling.DisposeAsync();

    [Fact]
    public async Task Items_FourRanges_EveryRecordExactlyOnce_EveryRequestCounted_ThenTheChangeFeedReadsNothingAgain()
    {
        var sink = new InMemoryChangeSink();
        _polling.Sandbox.Stats.Reset();

        PollResult result = await _polling.RunAsync("items", sink, PollMode.Backfill);

        Assert.Equal(Live, sink.Events.Count);
        Assert.Equal(Live, sink.Events.Select(e => e.Subject).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(result.P21Requests, _polling.Sandbox.Stats.Requests("odata"));
        // Four ranges of ~112 rows in pages of 100 make 8 pages (one range: 5); per page one custom-field range read;
        // plus the two marks and the split's bounds: one count and three one-row reads.
        Assert.Equal(8, result.Pages);
        Assert.Equal((2 * 8) + 2 + 4, result.P21Requests);

        var after = new InMemoryChangeSink();
        PollResult incremental = await _polling.RunAsync("items", after);
        Assert.Empty(after.Events);
        Assert.InRange(incremental.RowsRead, 0, 10);
    }

    [Fact]
    public async Task Items_SinkFailsPartWay_TheNextRunResumesEachRange_AndTogetherEveryRecordArrives()
    {
        var failing = new FailingSink(publishesBeforeFailure: 5);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _polling.RunAsync("items", failing, PollMode.Backfill));

        var rest = new InMemoryChangeSink();
        await _polling.RunAsync("items", rest, PollMode.Backfill);

        var first = failing.Inner.Events.Select(e => e.Subject).ToHashSet(StringComparer.Ordinal);
        var second = rest.Events.Select(e => e.Subject).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Live, first.Union(second).Count());
        // Resumed, not restarted: the second run does not republish what the first one committed.
        Assert.True(second.Count < Live, $"the resumed backfill republished {second.Count} of {Live}");
        Assert.True(first.Count > 0);
    }

    /// <summary>Acknowledges the first publishes, then fails every one after, like a sink that went down.</summary>
    private sealed class FailingSink(int publishesBeforeFailure) : IChangeSink
    {
        private int _publishes;

        public InMemoryChangeSink Inner { get; } = new();

        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _publishes) > publishesBeforeFailure
                ? throw new InvalidOperationException("the sink is down")
                : Inner.PublishAsync(events, cancellationToken);
    }
}
