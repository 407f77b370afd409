using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableWatermarkStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);
    private readonly AzuriteStorage _storage = new();

    private IWatermarkStore Sut => _storage.Get<IWatermarkStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task TryAcquireLease_TwoRunnersAtOnce_ExactlyOneWins()
    {
        for (int round = 0; round < 5; round++)
        {
            string entity = $"items-{round}";
            using var start = new ManualResetEventSlim();
            var runners = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await Sut.TryAcquireLeaseAsync("prod", entity, $"runner-{i}", LeaseTime);
            })).ToArray();
            start.Set();

            var leases = await Task.WhenAll(runners);

            Assert.Single(leases, lease => lease is not null);
        }
    }

    [Fact]
    public async Task TryAcquireLease_ManyRunnersOnExistingRow_ExactlyOneWins()
    {
        var first = (await Sut.TryAcquireLeaseAsync("prod", "customers", "seed", LeaseTime))!;
        await Sut.ReleaseAsync(first);

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Sut.TryAcquireLeaseAsync("prod", "customers", $"runner-{i}", LeaseTime))));

        Assert.Single(leases, lease => lease is not null);
    }

    [Fact]
    public async Task Commit_StaleLease_IsRefusedAndPositionKept()
    {
        var stale = (await Sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime))!;
        _storage.Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        var current = (await Sut.TryAcquireLeaseAsync("prod", "items", "runner-b", LeaseTime))!;
        await Sut.CommitAsync(current, "{\"by\":\"b\"}", 7);

        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => Sut.CommitAsync(stale, "{\"by\":\"a\"}", 1));
        Assert.False(await Sut.ReleaseAsync(stale));

        var stored = await Sut.GetAsync("prod", "items");
        Assert.Equal("{\"by\":\"b\"}", stored!.Position);
        Assert.Equal(7, stored.RowsTotal);
    }

    [Fact]
    public async Task Commit_Repeatedly_RenewsAndAccumulates_ThenReleaseFreesIt()
    {
        var lease = (await Sut.TryAcquireLeaseAsync("prod", "inventory", "runner-a", LeaseTime))!;
        Assert.Null(await Sut.TryAcquireLeaseAsync("prod", "inventory", "runner-b", LeaseTime));

        lease = await Sut.CommitAsync(lease, "p1", 100);
        lease = await Sut.CommitAsync(lease, "p2", 50);
        Assert.True(await Sut.ReleaseAsync(lease));

        var next = (await Sut.TryAcquireLeaseAsync("prod", "inventory", "runner-b", LeaseTime))!;
        Assert.Equal(("p2", 150L), (next.Watermark.Position, next.Watermark.RowsTotal));
        Assert.Equal(_storage.Time.GetUtcNow(), next.Watermark.LastRunUtc);
    }

    [Fact]
    public async Task Renew_KeepsPositionAndLastRun_ExtendsTheLease_StaleRenewIsRefused()
    {
        var lease = (await Sut.TryAcquireLeaseAsync("prod", "vendors", "host-a/1/2026-03-10T14:00:00Z/x", LeaseTime))!;
        lease = await Sut.CommitAsync(lease, "p1", 3);
        DateTimeOffset? lastRun = lease.Watermark.LastRunUtc;
        _storage.Time.Advance(TimeSpan.FromMinutes(4));

        var renewed = await Sut.RenewAsync(lease);
        _storage.Time.Advance(TimeSpan.FromMinutes(2)); // past the first expiry

        Assert.Null(await Sut.TryAcquireLeaseAsync("prod", "vendors", "runner-b", LeaseTime));
        LeaseHolder holder = (await Sut.GetHolderAsync("prod", "vendors"))!;
        Assert.Equal(("host-a/1/2026-03-10T14:00:00Z/x", renewed.ExpiresUtc), (holder.Owner, holder.ExpiresUtc));
        Assert.Equal("host host-a, process 1 (started 2026-03-10T14:00:00Z)", holder.Describe());
        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => Sut.RenewAsync(lease));
        var stored = await Sut.GetAsync("prod", "vendors");
        Assert.Equal(("p1", 3L, lastRun), (stored!.Position, stored.RowsTotal, stored.LastRunUtc));
    }

    [Fact]
    public async Task TakeOver_TwoOperatorsAtOnce_ExactlyOneWins_AndTheDeadHoldersCommitFails()
    {
        var dead = (await Sut.TryAcquireLeaseAsync("prod", "invoices", "killed", LeaseTime))!;
        using var start = new ManualResetEventSlim();
        var operators = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Sut.TryAcquireLeaseAsync("prod", "invoices", $"operator-{i}", LeaseTime, takeOverFrom: "killed");
        })).ToArray();
        start.Set();

        var leases = await Task.WhenAll(operators);

        WatermarkLease winner = Assert.Single(leases, l => l is not null)!;
        Assert.Equal(winner.Owner, (await Sut.GetHolderAsync("prod", "invoices"))!.Owner);
        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => Sut.CommitAsync(dead, "x", 1));
        Assert.Null(await Sut.TryAcquireLeaseAsync("prod", "invoices", "operator-late", LeaseTime, takeOverFrom: "killed")); // the dead run no longer holds it
        Assert.Null(await Sut.TryAcquireLeaseAsync("prod", "invoices", "runner-x", LeaseTime));
        Assert.Null(await Sut.GetHolderAsync("prod", "nobody-polled-this"));
    }

    [Fact]
    public async Task Keys_WithForbiddenCharacters_Work()
    {
        var lease = (await Sut.TryAcquireLeaseAsync("prod/eu#1", "items?x\\y", "runner", LeaseTime))!;
        await Sut.CommitAsync(lease, "p", 1);

        Assert.Equal("p", (await Sut.GetAsync("prod/eu#1", "items?x\\y"))!.Position);
        Assert.Null(await Sut.GetAsync("prod", "never"));
    }
}
