namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IIdempotencyLedger"/>.</summary>
public sealed class InMemoryIdempotencyLedger(TimeProvider timeProvider) : IIdempotencyLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Connection, string Key), LedgerEntry> _entries = [];

    /// <inheritdoc />
    public Task<LedgerClaim> TryBeginAsync(string connection, string idempotencyKey, string commandId, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue((connection, idempotencyKey), out var existing))
            {
                var repeated = LedgerTransitions.Repeat(existing, now);
                _entries[(connection, idempotencyKey)] = repeated;
                return Task.FromResult(new LedgerClaim(false, repeated));
            }

            var entry = new LedgerEntry(connection, idempotencyKey, commandId, kind, LedgerState.Pending, null, null, 1, now, now);
            _entries[(connection, idempotencyKey)] = entry;
            return Task.FromResult(new LedgerClaim(true, entry));
        }
    }

    /// <inheritdoc />
    public Task<LedgerEntry> MarkCommittedAsync(string connection, string idempotencyKey, string p21Key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(p21Key);
        return Change(connection, idempotencyKey, (entry, now) => LedgerTransitions.Commit(entry, connection, idempotencyKey, p21Key, now));
    }

    /// <inheritdoc />
    public Task<LedgerEntry> MarkParkedAsync(string connection, string idempotencyKey, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return Change(connection, idempotencyKey, (entry, now) => LedgerTransitions.Park(entry, connection, idempotencyKey, reason, now));
    }

    /// <inheritdoc />
    public Task<ProcessingClaim?> TryClaimAsync(string connection, string idempotencyKey, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var claimed = LedgerTransitions.Claim(_entries.GetValueOrDefault((connection, idempotencyKey)), connection, idempotencyKey, owner, duration, now);
            if (claimed is null)
            {
                return Task.FromResult<ProcessingClaim?>(null);
            }

            _entries[(connection, idempotencyKey)] = claimed;
            return Task.FromResult<ProcessingClaim?>(new ProcessingClaim(owner, claimed.ClaimExpiresUtc!.Value, claimed));
        }
    }

    /// <inheritdoc />
    public Task ReleaseClaimAsync(string connection, string idempotencyKey, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        lock (_gate)
        {
            if (LedgerTransitions.Release(_entries.GetValueOrDefault((connection, idempotencyKey)), owner) is { } released)
            {
                _entries[(connection, idempotencyKey)] = released;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<LedgerEntry?> GetAsync(string connection, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        lock (_gate)
        {
            return Task.FromResult(_entries.GetValueOrDefault((connection, idempotencyKey)));
        }
    }

    private Task<LedgerEntry> Change(string connection, string idempotencyKey, Func<LedgerEntry?, DateTimeOffset, LedgerEntry> transition)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var changed = transition(_entries.GetValueOrDefault((connection, idempotencyKey)), now);
            _entries[(connection, idempotencyKey)] = changed;
            return Task.FromResult(changed);
        }
    }
}
