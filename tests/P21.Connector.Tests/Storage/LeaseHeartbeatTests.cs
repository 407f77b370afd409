using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class LeaseHeartbeatTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    // The heartbeat runs on the thread pool once the fake clock fires its delay: wait (bounded) for what it does,
    // never for an amount of wall-clock time.
    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    [Fact]
    public async Task AliveRun_RenewsAfterAThirdOfTheLease_SoItOutlivesItsFirstExpiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWatermarkStore(time);
        var lease = (await store.TryAcquireLeaseAsync("c", "items", "alive", Lease))!;
        await using var heartbeat = new LeaseHeartbeat(store, lease, time);

        time.Advance(TimeSpan.FromSeconds(20));
        await UntilAsync(() => heartbeat.Renewals >= 1);
        time.Advance(TimeSpan.FromSeconds(50)); // 70 s after the take: past the first expiry, within the renewed one

        // Renewed at 14:00:20 (and perhaps again at 14:00:40 or 14:01:10, whenever its next delay was set): never lapsed.
        LeaseHolder holder = (await store.GetHolderAsync("c", "items"))!;
        Assert.Equal("alive", holder.Owner);
        Assert.True(holder.ExpiresUtc >= lease.ExpiresUtc + TimeSpan.FromSeconds(20), $"expires {holder.ExpiresUtc:O}");
        Assert.Null(await store.TryAcquireLeaseAsync("c", "items", "other", Lease));
        await heartbeat.CommitAsync("{}", 1, CancellationToken.None); // commits use the renewed version
    }

    [Fact]
    public async Task DeadRun_LeaseLapsesAfterItsDuration_NotTenMinutes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWatermarkStore(time);
        var lease = (await store.TryAcquireLeaseAsync("c", "items", "killed", Lease))!;
        var heartbeat = new LeaseHeartbeat(store, lease, time);
        await heartbeat.DisposeAsync(); // the process died: no more beats, no release

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(await store.TryAcquireLeaseAsync("c", "items", "next", Lease));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull(await store.TryAcquireLeaseAsync("c", "items", "next", Lease));
        Assert.Null(await store.GetHolderAsync("c", "other"));
    }

    [Fact]
    public async Task TakenOver_HeartbeatStops_AndTheRunsNextCommitFails()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero));
        var store = new InMemoryWatermarkStore(time);
        var lease = (await store.TryAcquireLeaseAsync("c", "items", "first", Lease))!;
        await using var heartbeat = new LeaseHeartbeat(store, lease, time);

        Assert.NotNull(await store.TryAcquireLeaseAsync("c", "items", "operator", Lease, takeOverFrom: "first"));
        Assert.Null(await store.TryAcquireLeaseAsync("c", "items", "second-operator", Lease, takeOverFrom: "first")); // "first" no longer holds it
        time.Advance(TimeSpan.FromSeconds(20));
        await UntilAsync(() => heartbeat.Lost);

        await Assert.ThrowsAsync<WatermarkLeaseLostException>(() => heartbeat.CommitAsync("{}", 1, CancellationToken.None));
        Assert.Equal("operator", (await store.GetHolderAsync("c", "items"))!.Owner);
    }

    [Fact]
    public void LeaseOwner_ThisProcess_DescribesHostProcessAndStart()
    {
        string owner = LeaseOwner.ForThisProcess();

        string described = LeaseOwner.Describe(owner);

        Assert.StartsWith($"host {Environment.MachineName}, process {Environment.ProcessId} (started ", described, StringComparison.Ordinal);
        Assert.Equal("legacy-owner", LeaseOwner.Describe("legacy-owner"));
    }
}
