using Microsoft.Extensions.Time.Testing;

using P21.Connector.Connections;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Poll;

public class PollRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeInventoryClient _client = new(TimeSpan.FromHours(-5));
    private readonly InMemoryWatermarkStore _watermarks;
    private readonly InMemoryFingerprintStore _fingerprints = new();

    public PollRunnerTests() => _watermarks = new InMemoryWatermarkStore(_time);

    private PollRunner CreateSut(EntityPollOptions? options = null, int pageSize = 3) =>
        PollRunnerFactory.Create(new FakeClientProvider(_client), _watermarks, _fingerprints, _time, options, pageSize);

    private static PollRequest Inventory(bool dryRun = false) => new("fake", "inventory", DryRun: dryRun);

    [Fact]
    public async Task RunAsync_CreateUpdateDelete_OneEventEach()
    {
        var sut = CreateSut();
        var sink = new InMemoryChangeSink();
        _client.Upsert(1, 10, 5m, _time.GetUtcNow());
        await sut.RunAsync(Inventory(), sink);
        _time.Advance(TimeSpan.FromMinutes(1));
        _client.Upsert(1, 10, 7m, _time.GetUtcNow());
        await sut.RunAsync(Inventory(), sink);
        _time.Advance(TimeSpan.FromMinutes(1));
        _client.Upsert(1, 10, 7m, _time.GetUtcNow(), deleted: true);
        await sut.RunAsync(Inventory(), sink);
        await sut.RunAsync(Inventory(), sink);

        Assert.Equal(["p21.inventory.changed", "p21.inventory.changed", "p21.inventory.deleted"], sink.Events.Select(e => e.Type));
        Assert.All(sink.Events, e => Assert.Equal("IT10@1", e.Subject));
        Assert.Equal(7m, sink.Events[1].Data.GetProperty("onHand").GetDecimal());
        Assert.Equal("p21://fake/inventory", sink.Events[0].Source);
    }

    [Fact]
    public async Task RunAsync_SinkThrowsAfterDelivering_NextRunRepublishesSameIdsThenCommits()
    {
        var sut = CreateSut();
        for (var uid = 1; uid <= 5; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow());
        }

        var crashing = new DeliverThenThrowSink();
        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunAsync(Inventory(), crashing));
        var sink = new InMemoryChangeSink();
        var retry = await sut.RunAsync(Inventory(), sink);
        var after = await sut.RunAsync(Inventory(), new InMemoryChangeSink());

        Assert.NotEmpty(crashing.Delivered);
        Assert.Equal(crashing.Delivered.Select(e => e.Id), sink.Events.Take(crashing.Delivered.Count).Select(e => e.Id));
        Assert.Equal(5, sink.Events.Count);
        Assert.Equal(0, after.EventsPublished);
        Assert.Equal(5, retry.EventsPublished);
    }

    [Fact]
    public async Task RunAsync_LeaseHeldByAnother_SkipsWithoutReading()
    {
        var sut = CreateSut();
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());
        var other = await _watermarks.TryAcquireLeaseAsync("fake", "inventory", "build-7/4242/2026-03-10T14:00:00Z/abc", TimeSpan.FromMinutes(5));
        var sink = new OpenTrackingSink();

        var result = await sut.RunAsync(Inventory(), sink);

        Assert.NotNull(other);
        Assert.Equal(PollOutcome.SkippedLeaseHeld, result.Outcome);
        Assert.Equal(
            $"skipped: another run holds the lease (host build-7, process 4242 (started 2026-03-10T14:00:00Z)) until {other.ExpiresUtc:yyyy-MM-dd HH:mm:ss}Z; it renews while that run is alive, so wait for it, or take the lease over if that run is gone (p21: --take-over)",
            result.Message);
        Assert.Equal(0, _client.PagesServed);
        Assert.False(sink.Opened);
    }

    [Fact]
    public async Task RunAsync_TakeOver_BreaksTheHeldLeaseAndTheOldHolderLosesIt()
    {
        var sut = CreateSut();
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());
        var other = (await _watermarks.TryAcquireLeaseAsync("fake", "inventory", "dead-host/1/2026-03-10T14:00:00Z/x", TimeSpan.FromMinutes(5)))!;
        var sink = new OpenTrackingSink();

        var result = await sut.RunAsync(Inventory() with { TakeOver = true }, sink);

        Assert.Equal(PollOutcome.Completed, result.Outcome);
        Assert.True(sink.Opened);
        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => _watermarks.CommitAsync(other, null, 0));
    }

    private sealed class OpenTrackingSink : IChangeSink
    {
        public bool Opened { get; private set; }

        public Task OpenAsync(CancellationToken cancellationToken = default)
        {
            Opened = true;
            return Task.CompletedTask;
        }

        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_AfterAnotherRunnerCommitted_NextRunnerGetsTheLease()
    {
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());
        await CreateSut().RunAsync(Inventory(), new InMemoryChangeSink());
        _client.Upsert(1, 1, 2m, _time.GetUtcNow());

        var result = await CreateSut().RunAsync(Inventory(), new InMemoryChangeSink());

        Assert.Equal(PollOutcome.Completed, result.Outcome);
        Assert.Equal(1, result.EventsPublished);
    }

    [Fact]
    public async Task RunAsync_DryRun_PublishesButCommitsNothing()
    {
        var sut = CreateSut();
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());
        _client.Upsert(2, 1, 1m, _time.GetUtcNow());

        var dry = await sut.RunAsync(Inventory(dryRun: true), new InMemoryChangeSink());
        var real = await sut.RunAsync(Inventory(), new InMemoryChangeSink());

        Assert.Equal(2, dry.EventsPublished);
        Assert.Equal(2, real.EventsPublished);
    }

    [Fact]
    public async Task RunAsync_ScheduleNotDue_Skips()
    {
        var sut = CreateSut(new EntityPollOptions { Schedule = "0 0 * * *" });
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());
        var first = await sut.RunAsync(Inventory(), new InMemoryChangeSink());
        _time.Advance(TimeSpan.FromHours(1));
        var early = await sut.RunAsync(Inventory(), new InMemoryChangeSink());
        _time.Advance(TimeSpan.FromDays(1));
        var due = await sut.RunAsync(Inventory(), new InMemoryChangeSink());

        Assert.Equal(PollOutcome.Completed, first.Outcome);
        Assert.Equal(PollOutcome.SkippedNotDue, early.Outcome);
        Assert.Equal(PollOutcome.Completed, due.Outcome);
    }

    [Fact]
    public async Task RunAsync_Backfill_RepublishesEverythingWithSameIds()
    {
        var sut = CreateSut();
        for (var uid = 1; uid <= 4; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow().AddMinutes(uid));
        }

        var incremental = new InMemoryChangeSink();
        await sut.RunAsync(Inventory(), incremental);
        var backfill = new InMemoryChangeSink();
        var result = await sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill, From: _time.GetUtcNow().AddMinutes(3)), backfill);

        Assert.Equal(2, result.EventsPublished);
        Assert.Equal(incremental.Events.Skip(2).Select(e => e.Id), backfill.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task RunAsync_BackfillCrashesMidway_ResumesAfterTheLastCommittedPage()
    {
        var sut = CreateSut(pageSize: 3);
        for (var uid = 1; uid <= 10; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow().AddMinutes(-uid));
        }

        var crashing = new DeliverThenThrowSink(failOnCall: 3);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill), crashing));
        var resumed = new InMemoryChangeSink();
        var result = await sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill), resumed);

        // Pages 1 and 2 (uids 1-6) were committed; page 3 was delivered but not committed, so it comes again with the same ids.
        Assert.Equal(["IT1@1", "IT2@1", "IT3@1", "IT4@1", "IT5@1", "IT6@1", "IT7@1", "IT8@1", "IT9@1"], crashing.Delivered.Select(e => e.Subject));
        Assert.Equal(["IT7@1", "IT8@1", "IT9@1", "IT10@1"], resumed.Events.Select(e => e.Subject));
        Assert.Equal(crashing.Delivered.Skip(6).Select(e => e.Id), resumed.Events.Take(3).Select(e => e.Id));
        Assert.Equal(4, result.RowsRead);
    }

    [Fact]
    public async Task RunAsync_BackfillWithAnotherStart_BeginsAgainInsteadOfResuming()
    {
        var sut = CreateSut(pageSize: 2);
        for (var uid = 1; uid <= 4; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow().AddMinutes(uid));
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill), new DeliverThenThrowSink(failOnCall: 2)));
        var sink = new InMemoryChangeSink();
        await sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill, From: _time.GetUtcNow()), sink);

        Assert.Equal(["IT1@1", "IT2@1", "IT3@1", "IT4@1"], sink.Events.Select(e => e.Subject));
    }

    [Fact]
    public async Task RunAsync_IncrementalAfterBackfill_StartsAtTheNewestRowOfTheBackfillsStart()
    {
        var sut = CreateSut(new EntityPollOptions { Overlap = TimeSpan.Zero }, pageSize: 3);
        for (var uid = 1; uid <= 9; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow().AddMinutes(-uid));
        }

        await sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill), new InMemoryChangeSink());
        var pagesBefore = _client.PagesServed;
        var sink = new InMemoryChangeSink();
        await sut.RunAsync(Inventory(), sink);

        Assert.Empty(sink.Events);
        Assert.Equal(pagesBefore, _client.PagesServed);
    }

    [Fact]
    public async Task RunAsync_RowsChangedBehindTheBackfill_TheNextIncrementalPublishesExactlyThose()
    {
        var sut = CreateSut(pageSize: 2);
        for (var uid = 1; uid <= 6; uid++)
        {
            _client.Upsert(1, uid, uid, _time.GetUtcNow().AddHours(-uid));
        }

        // While the walk publishes its first page: uid 1 (already read) changes, uid 0 is inserted behind the cursor, and
        // uid 5 changes, which the walk may or may not have read yet (pages are read ahead).
        var sink = new InMemoryChangeSink();
        var changing = new CallbackSink(sink, onFirstPublish: () =>
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            _client.Upsert(1, 1, 100m, _time.GetUtcNow());
            _client.Upsert(1, 0, 50m, _time.GetUtcNow());
            _client.Upsert(1, 5, 500m, _time.GetUtcNow());
        });
        await sut.RunAsync(new PollRequest("fake", "inventory", PollMode.Backfill), changing);
        var backfilled = sink.Events.Count;
        await sut.RunAsync(Inventory(), sink);

        // Each new state is published exactly once, by the walk or by the incremental run; nothing unchanged comes again.
        Assert.Equal(6, backfilled);
        Assert.Single(sink.Events, e => e.Subject == "IT1@1" && e.Data.GetProperty("onHand").GetDecimal() == 100m);
        Assert.Single(sink.Events, e => e.Subject == "IT0@1" && e.Data.GetProperty("onHand").GetDecimal() == 50m);
        Assert.Single(sink.Events, e => e.Subject == "IT5@1" && e.Data.GetProperty("onHand").GetDecimal() == 500m);
        Assert.Subset(new HashSet<string> { "IT0@1", "IT1@1", "IT5@1" }, sink.Events.Skip(backfilled).Select(e => e.Subject).ToHashSet());
    }

    [Fact]
    public async Task RunAsync_UnknownEntity_ThrowsNamingKnownOnes()
    {
        var sut = CreateSut();

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => sut.RunAsync(new PollRequest("fake", "widgets"), new InMemoryChangeSink()));

        Assert.Contains("sales-orders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SinkFails_WatermarkDoesNotMove()
    {
        var sut = CreateSut();
        _client.Upsert(1, 1, 1m, _time.GetUtcNow());

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunAsync(Inventory(), new FailingSink()));
        var watermark = await _watermarks.GetAsync("fake", "inventory");

        Assert.Null(watermark?.Position);
    }

    private sealed class DeliverThenThrowSink(int failOnCall = 1) : IChangeSink
    {
        private int _calls;

        public List<ChangeEvent> Delivered { get; } = [];

        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
        {
            Delivered.AddRange(events);
            return ++_calls == failOnCall ? throw new InvalidOperationException("crash after delivering") : Task.CompletedTask;
        }
    }

    private sealed class CallbackSink(IChangeSink inner, Action onFirstPublish) : IChangeSink
    {
        private bool _called;

        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
        {
            if (!_called)
            {
                _called = true;
                onFirstPublish();
            }

            return inner.PublishAsync(events, cancellationToken);
        }
    }

    private sealed class FailingSink : IChangeSink
    {
        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("sink down");
    }
}
