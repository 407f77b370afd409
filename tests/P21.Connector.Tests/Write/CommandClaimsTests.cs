using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>The claim stage alone: two hosts (two instances) over one ledger, on a fake clock.</summary>
public sealed class CommandClaimsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryIdempotencyLedger _ledger;
    private readonly WriteCommand _command = WriterHarness.Command(WriterHarness.Order("3100", ("WIDGET-1", 1)), "3100");

    public CommandClaimsTests() => _ledger = new InMemoryIdempotencyLedger(_time);

    private CommandClaims Host(TimeSpan busyWait) => new(
        _ledger,
        new StaticOptionsMonitor(new WriterOptions { PendingClaimTimeout = TimeSpan.FromMinutes(1), BusyClaimWait = busyWait }),
        _time,
        new Backoff(_time, new Random(5)),
        NullLogger<CommandClaims>.Instance);

    private Task BeginAsync() =>
        _ledger.TryBeginAsync(_command.Connection, _command.IdempotencyKey, _command.CommandId, _command.Kind.Name);

    [Fact]
    public async Task ClaimAsync_OtherHostHoldsTheKey_BusyUntilReleasedThenClaimed()
    {
        await BeginAsync();
        CommandClaims a = Host(TimeSpan.Zero), b = Host(TimeSpan.Zero);

        await a.ClaimAsync(_command, CancellationToken.None);
        var busy = await Assert.ThrowsAsync<WriteBusyException>(() => b.ClaimAsync(_command, CancellationToken.None));
        await a.ReleaseAsync(_command);
        ProcessingClaim claimed = await b.ClaimAsync(_command, CancellationToken.None);

        Assert.Equal(_command.IdempotencyKey, busy.IdempotencyKey);
        Assert.NotNull(busy.Owner);
        Assert.Equal(claimed.Entry.ClaimOwner, (await _ledger.GetAsync(_command.Connection, _command.IdempotencyKey))!.ClaimOwner);
        Assert.NotEqual(busy.Owner, claimed.Entry.ClaimOwner);
    }

    [Fact]
    public async Task ClaimAsync_LiveHolder_RenewsEveryThirdSoItsClaimOutlivesTheFirstExpiry()
    {
        await BeginAsync();
        CommandClaims a = Host(TimeSpan.Zero);
        ProcessingClaim first = await a.ClaimAsync(_command, CancellationToken.None);
        DateTimeOffset firstExpiry = first.Entry.ClaimExpiresUtc!.Value;

        // The renewal runs on the thread pool once the fake clock fires its timer: wait (bounded) for what it does.
        _time.Advance(TimeSpan.FromSeconds(21));
        LedgerEntry? entry = null;
        for (int i = 0; i < 10_000 && (entry?.ClaimExpiresUtc ?? firstExpiry) <= firstExpiry; i++)
        {
            await Task.Yield();
            entry = await _ledger.GetAsync(_command.Connection, _command.IdempotencyKey);
        }

        Assert.True(entry!.ClaimExpiresUtc > firstExpiry, $"claim still expires at {entry.ClaimExpiresUtc}, not after {firstExpiry}");
        await a.ReleaseAsync(_command);
    }

    [Fact]
    public async Task EnterAsync_SameKeyInOneProcess_SecondWaitsForTheFirst()
    {
        CommandClaims a = Host(TimeSpan.Zero);

        IDisposable first = await a.EnterAsync(_command, CancellationToken.None);
        Task<IDisposable> second = a.EnterAsync(_command, CancellationToken.None);
        bool waited = !second.IsCompleted;
        first.Dispose();
        (await second).Dispose();

        Assert.True(waited);
    }

    private sealed class StaticOptionsMonitor(WriterOptions value) : IOptionsMonitor<WriterOptions>
    {
        public WriterOptions CurrentValue => value;

        public WriterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WriterOptions, string?> listener) => null;
    }
}
