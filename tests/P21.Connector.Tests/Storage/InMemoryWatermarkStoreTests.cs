using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class InMemoryWatermarkStoreTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private InMemoryWatermarkStore CreateSut() => new(_time);

    [Fact]
    public async Task TryAcquireLease_FirstRun_StartsFromNoPosition()
    {
        var lease = await CreateSut().TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime);

        Assert.NotNull(lease);
        Assert.Null(lease.Watermark.Position);
        Assert.Equal(_time.GetUtcNow() + LeaseTime, lease.ExpiresUtc);
    }

    [Fact]
    public async Task TryAcquireLease_HeldByAnother_ReturnsNull()
    {
        var sut = CreateSut();
        await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime);

        Assert.Null(await sut.TryAcquireLeaseAsync("prod", "items", "runner-b", LeaseTime));
    }

    [Fact]
    public async Task TryAcquireLease_OtherConnectionOrEntity_IsIndependent()
    {
        var sut = CreateSut();
        await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime);

        Assert.NotNull(await sut.TryAcquireLeaseAsync("prod", "customers", "runner-b", LeaseTime));
        Assert.NotNull(await sut.TryAcquireLeaseAsync("test", "items", "runner-b", LeaseTime));
    }

    [Fact]
    public async Task TryAcquireLease_AfterExpiry_AnotherOwnerTakesOverAndOldLeaseCannotCommit()
    {
        var sut = CreateSut();
        var stale = (await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime))!;
        _time.Advance(LeaseTime + TimeSpan.FromSeconds(1));

        var taken = await sut.TryAcquireLeaseAsync("prod", "items", "runner-b", LeaseTime);

        Assert.NotNull(taken);
        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => sut.CommitAsync(stale, "{}", 1));
    }

    [Fact]
    public async Task Commit_WithCurrentLease_MovesPositionAndRenews()
    {
        var sut = CreateSut();
        var lease = (await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime))!;
        _time.Advance(TimeSpan.FromMinutes(1));

        var renewed = await sut.CommitAsync(lease, "{\"m\":\"2026-01-01T00:00:00Z\"}", 10);
        renewed = await sut.CommitAsync(renewed, "{\"m\":\"2026-01-02T00:00:00Z\"}", 5);

        var stored = await sut.GetAsync("prod", "items");
        Assert.Equal("{\"m\":\"2026-01-02T00:00:00Z\"}", stored!.Position);
        Assert.Equal(15, stored.RowsTotal);
        Assert.Equal(_time.GetUtcNow(), stored.LastRunUtc);
        Assert.Equal(_time.GetUtcNow() + LeaseTime, renewed.ExpiresUtc);
    }

    [Fact]
    public async Task Commit_WithSupersededLease_Throws()
    {
        var sut = CreateSut();
        var first = (await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime))!;
        await sut.CommitAsync(first, "p1", 1);

        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => sut.CommitAsync(first, "p2", 1));
        Assert.Equal("p1", (await sut.GetAsync("prod", "items"))!.Position);
    }

    [Fact]
    public async Task Release_ThenAnotherOwner_GetsLeaseWithCommittedPosition()
    {
        var sut = CreateSut();
        var lease = (await sut.TryAcquireLeaseAsync("prod", "items", "runner-a", LeaseTime))!;
        lease = await sut.CommitAsync(lease, "p1", 3);

        Assert.True(await sut.ReleaseAsync(lease));
        var next = await sut.TryAcquireLeaseAsync("prod", "items", "runner-b", LeaseTime);

        Assert.Equal("p1", next!.Watermark.Position);
        Assert.Equal(3, next.Watermark.RowsTotal);
        Assert.False(await sut.ReleaseAsync(lease));
    }

    [Fact]
    public async Task TryAcquireLease_ConcurrentOwners_ExactlyOneWins()
    {
        var sut = CreateSut();
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(() => sut.TryAcquireLeaseAsync("prod", "items", $"runner-{i}", LeaseTime)));

        var leases = await Task.WhenAll(attempts);

        Assert.Single(leases, lease => lease is not null);
    }

    [Fact]
    public async Task TryAcquireLease_BadArguments_Throw()
    {
        var sut = CreateSut();
        await Assert.ThrowsAsync<ArgumentException>(() => sut.TryAcquireLeaseAsync("", "items", "a", LeaseTime));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sut.TryAcquireLeaseAsync("prod", "items", "a", TimeSpan.Zero));
    }
}
