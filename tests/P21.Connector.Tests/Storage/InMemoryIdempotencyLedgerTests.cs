using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class InMemoryIdempotencyLedgerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private InMemoryIdempotencyLedger CreateSut() => new(_time);

    [Fact]
    public async Task TryBegin_NewKey_IsNewAndPending()
    {
        var claim = await CreateSut().TryBeginAsync("prod", "shopify:order:1001", "cmd-1", "sales-order");

        Assert.True(claim.IsNew);
        Assert.Equal(LedgerState.Pending, claim.Entry.State);
        Assert.Equal(1, claim.Entry.Attempts);
    }

    [Fact]
    public async Task TryBegin_Repeat_ReturnsExistingEntryAndCountsAttempt()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "shopify:order:1001", "cmd-1", "sales-order");
        _time.Advance(TimeSpan.FromMinutes(1));

        var repeat = await sut.TryBeginAsync("prod", "shopify:order:1001", "cmd-2", "sales-order");

        Assert.False(repeat.IsNew);
        Assert.Equal("cmd-1", repeat.Entry.CommandId);
        Assert.Equal(2, repeat.Entry.Attempts);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(1), repeat.Entry.FirstSeenUtc);
        Assert.Equal(_time.GetUtcNow(), repeat.Entry.LastSeenUtc);
    }

    [Fact]
    public async Task TryBegin_Concurrent_ExactlyOneNew()
    {
        var sut = CreateSut();
        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => sut.TryBeginAsync("prod", "k", $"cmd-{i}", "sales-order"))));

        Assert.Single(claims, claim => claim.IsNew);
        Assert.Equal(20, (await sut.GetAsync("prod", "k"))!.Attempts);
    }

    [Fact]
    public async Task MarkCommitted_RecordsP21Key()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");

        var committed = await sut.MarkCommittedAsync("prod", "k", "1000123");

        Assert.Equal(LedgerState.Committed, committed.State);
        Assert.Equal("1000123", (await sut.GetAsync("prod", "k"))!.P21Key);
    }

    [Fact]
    public async Task MarkParked_ThenCommitted_AfterReplay_IsAllowed()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");

        var parked = await sut.MarkParkedAsync("prod", "k", "SKU ABC has no mapping");
        var committed = await sut.MarkCommittedAsync("prod", "k", "1000124");

        Assert.Equal(LedgerState.Parked, parked.State);
        Assert.Equal("SKU ABC has no mapping", parked.ParkedReason);
        Assert.Equal(LedgerState.Committed, committed.State);
        Assert.Null(committed.ParkedReason);
    }

    [Fact]
    public async Task MarkParked_Committed_IsRefused()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");
        await sut.MarkCommittedAsync("prod", "k", "1000123");

        await Assert.ThrowsAsync<LedgerTransitionException>(() => sut.MarkParkedAsync("prod", "k", "late failure"));
        Assert.Equal(LedgerState.Committed, (await sut.GetAsync("prod", "k"))!.State);
    }

    [Fact]
    public async Task MarkCommitted_SecondDifferentP21Key_IsRefused()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");
        await sut.MarkCommittedAsync("prod", "k", "1000123");

        await sut.MarkCommittedAsync("prod", "k", "1000123");
        await Assert.ThrowsAsync<LedgerTransitionException>(() => sut.MarkCommittedAsync("prod", "k", "1000999"));
    }

    [Fact]
    public async Task Mark_UnknownKey_ThrowsWithFix()
    {
        var error = await Assert.ThrowsAsync<LedgerTransitionException>(() => CreateSut().MarkCommittedAsync("prod", "nope", "1"));
        Assert.Contains("TryBeginAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownKey_IsNull() => Assert.Null(await CreateSut().GetAsync("prod", "nope"));

    [Fact]
    public async Task TryClaim_HeldByOther_NullUntilReleasedOrExpired()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");

        var first = await sut.TryClaimAsync("prod", "k", "host-a", TimeSpan.FromMinutes(1));
        var refused = await sut.TryClaimAsync("prod", "k", "host-b", TimeSpan.FromMinutes(1));
        var renewed = await sut.TryClaimAsync("prod", "k", "host-a", TimeSpan.FromMinutes(1));
        await sut.ReleaseClaimAsync("prod", "k", "host-b");
        var stillRefused = await sut.TryClaimAsync("prod", "k", "host-b", TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        var takenOver = await sut.TryClaimAsync("prod", "k", "host-b", TimeSpan.FromMinutes(2));
        await sut.ReleaseClaimAsync("prod", "k", "host-b");
        var afterRelease = await sut.GetAsync("prod", "k");

        Assert.Equal(("host-a", _time.GetUtcNow()), (first!.Owner, first.ExpiresUtc));
        Assert.Null(refused);
        Assert.NotNull(renewed);
        Assert.Null(stillRefused);
        Assert.Equal(("host-b", _time.GetUtcNow() + TimeSpan.FromMinutes(2)), (takenOver!.Owner, takenOver.Entry.ClaimExpiresUtc!.Value));
        Assert.Equal(LedgerState.Pending, takenOver.Entry.State);
        Assert.Null(afterRelease!.ClaimOwner);
        Assert.Null(afterRelease.ClaimExpiresUtc);
    }

    [Fact]
    public async Task TryClaim_NeverBegun_Throws()
    {
        await Assert.ThrowsAsync<LedgerTransitionException>(() => CreateSut().TryClaimAsync("prod", "missing", "host-a", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task TryClaim_KeepsStateAndCommitKeepsClaimUntilReleased()
    {
        var sut = CreateSut();
        await sut.TryBeginAsync("prod", "k", "cmd-1", "sales-order");
        await sut.TryClaimAsync("prod", "k", "host-a", TimeSpan.FromMinutes(1));

        var committed = await sut.MarkCommittedAsync("prod", "k", "1000123");
        await sut.ReleaseClaimAsync("prod", "k", "host-a");

        Assert.Equal("host-a", committed.ClaimOwner);
        Assert.Equal((LedgerState.Committed, (string?)null), ((await sut.GetAsync("prod", "k"))!.State, (await sut.GetAsync("prod", "k"))!.ClaimOwner));
    }
}
