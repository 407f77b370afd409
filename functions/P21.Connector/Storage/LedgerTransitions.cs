namespace P21.Connector.Storage;

/// <summary>The ledger's state rules, shared by both stores so they cannot drift apart.</summary>
internal static class LedgerTransitions
{
    public static LedgerEntry Repeat(LedgerEntry entry, DateTimeOffset now) =>
        entry with { Attempts = entry.Attempts + 1, LastSeenUtc = now };

    public static LedgerEntry Commit(LedgerEntry? entry, string connection, string idempotencyKey, string p21Key, DateTimeOffset now)
    {
        var existing = entry ?? throw Missing(connection, idempotencyKey);
        if (existing.State == LedgerState.Committed && !string.Equals(existing.P21Key, p21Key, StringComparison.Ordinal))
        {
            throw new LedgerTransitionException(
                $"Idempotency key '{idempotencyKey}' on '{connection}' is already committed as P21 record '{existing.P21Key}'; refusing to record '{p21Key}'.");
        }

        return existing with { State = LedgerState.Committed, P21Key = p21Key, ParkedReason = null, LastSeenUtc = now };
    }

    public static LedgerEntry Park(LedgerEntry? entry, string connection, string idempotencyKey, string reason, DateTimeOffset now)
    {
        var existing = entry ?? throw Missing(connection, idempotencyKey);
        if (existing.State == LedgerState.Committed)
        {
            throw new LedgerTransitionException(
                $"Idempotency key '{idempotencyKey}' on '{connection}' is committed as P21 record '{existing.P21Key}'; a committed command cannot be parked.");
        }

        return existing with { State = LedgerState.Parked, ParkedReason = reason, LastSeenUtc = now };
    }

    /// <summary>The row with <paramref name="owner"/>'s claim, or null while someone else holds an unexpired one.</summary>
    public static LedgerEntry? Claim(LedgerEntry? entry, string connection, string idempotencyKey, string owner, TimeSpan duration, DateTimeOffset now)
    {
        var existing = entry ?? throw Missing(connection, idempotencyKey);
        return existing.IsClaimedByOther(owner, now)
            ? null
            : existing with { ClaimOwner = owner, ClaimExpiresUtc = now + duration };
    }

    /// <summary>The row without <paramref name="owner"/>'s claim; null when there is nothing to release.</summary>
    public static LedgerEntry? Release(LedgerEntry? entry, string owner) =>
        entry is not null && string.Equals(entry.ClaimOwner, owner, StringComparison.Ordinal)
            ? entry with { ClaimOwner = null, ClaimExpiresUtc = null }
            : null;

    private static LedgerTransitionException Missing(string connection, string idempotencyKey) =>
        new($"Idempotency key '{idempotencyKey}' on '{connection}' was never begun; call TryBeginAsync first.");
}
