using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableIdempotencyLedgerTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private IIdempotencyLedger Sut => _storage.Get<IIdempotencyLedger>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task TryBegin_Concurrent_ExactlyOneNew_AllAttemptsCounted()
    {
        const int callers = 10;
        var claims = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(() => Sut.TryBeginAsync("prod", "shopify:order:1001/A#1", $"cmd-{i}", "sales-order"))));

        var winner = Assert.Single(claims, claim => claim.IsNew);
        var stored = await Sut.GetAsync("prod", "shopify:order:1001/A#1");
        Assert.Equal(winner.Entry.CommandId, stored!.CommandId);
        Assert.Equal(callers, stored.Attempts);
    }

    [Fact]
    public async Task Lifecycle_PendingParkedCommitted_IsStored()
    {
        var claim = await Sut.TryBeginAsync("prod", "amazon:settlement:9", "cmd-1", "settlement");
        _storage.Time.Advance(TimeSpan.FromMinutes(3));
        var parked = await Sut.MarkParkedAsync("prod", "amazon:settlement:9", "GL account missing");
        var committed = await Sut.MarkCommittedAsync("prod", "amazon:settlement:9", "JE-77");

        var stored = await Sut.GetAsync("prod", "amazon:settlement:9");
        Assert.True(claim.IsNew);
        Assert.Equal(LedgerState.Parked, parked.State);
        Assert.Equal(committed, stored);
        Assert.Equal(("JE-77", LedgerState.Committed), (stored!.P21Key, stored.State));
        Assert.Equal(_storage.Time.GetUtcNow() - TimeSpan.FromMinutes(3), stored.FirstSeenUtc);
    }

    [Fact]
    public async Task MarkParked_Committed_IsRefused()
    {
        await Sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");
        await Sut.MarkCommittedAsync("prod", "k", "1000123");

        await Assert.ThrowsAsync<LedgerTransitionException>(() => Sut.MarkParkedAsync("prod", "k", "late"));
        await Assert.ThrowsAsync<LedgerTransitionException>(() => Sut.MarkCommittedAsync("prod", "missing", "1"));
    }

    [Fact]
    public async Task TryClaim_ManyHostsConcurrently_ExactlyOneHoldsIt()
    {
        await Sut.TryBeginAsync("prod", "shopify:order:2002", "cmd-1", "sales-order");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Sut.TryClaimAsync("prod", "shopify:order:2002", $"host-{i}", TimeSpan.FromMinutes(1)))));

        var winner = Assert.Single(claims, c => c is not null);
        Assert.Equal(winner!.Owner, (await Sut.GetAsync("prod", "shopify:order:2002"))!.ClaimOwner);
    }

    [Fact]
    public async Task TryClaim_ExpiredOrReleased_TakenOver()
    {
        await Sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");
        Assert.NotNull(await Sut.TryClaimAsync("prod", "k", "host-a", TimeSpan.FromMinutes(1)));

        Assert.Null(await Sut.TryClaimAsync("prod", "k", "host-b", TimeSpan.FromMinutes(1)));
        _storage.Time.Advance(TimeSpan.FromMinutes(1));
        var takenOver = await Sut.TryClaimAsync("prod", "k", "host-b", TimeSpan.FromMinutes(1));
        await Sut.ReleaseClaimAsync("prod", "k", "host-a");
        Assert.Equal("host-b", (await Sut.GetAsync("prod", "k"))!.ClaimOwner);
        await Sut.ReleaseClaimAsync("prod", "k", "host-b");
        var free = await Sut.TryClaimAsync("prod", "k", "host-c", TimeSpan.FromMinutes(1));

        Assert.Equal("host-b", takenOver!.Owner);
        Assert.Equal(_storage.Time.GetUtcNow() + TimeSpan.FromMinutes(1), free!.ExpiresUtc);
        Assert.Equal("host-c", (await Sut.GetAsync("prod", "k"))!.ClaimOwner);
        await Assert.ThrowsAsync<LedgerTransitionException>(() => Sut.TryClaimAsync("prod", "missing", "host-a", TimeSpan.FromMinutes(1)));
    }
}
