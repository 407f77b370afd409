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

    private static LedgerTransitionException Missing(string connection, string idempotencyKey) =>
        new($"Idempotency key '{idempotencyKey}' on '{connection}' was never begun; call TryBeginAsync first.");
}