namespace P21.Connector.Storage;

/// <summary>Where a write command stands in the idempotency ledger.</summary>
public enum LedgerState
{
    /// <summary>Claimed; the write may or may not have reached P21 (look it up by external reference before retrying).</summary>
    Pending,

    /// <summary>Written to P21; <see cref="LedgerEntry.P21Key"/> names the record. Terminal.</summary>
    Committed,

    /// <summary>Failed permanently; a parked record holds the payload until it is fixed and replayed.</summary>
    Parked,
}

/// <summary>The ledger's row for one idempotency key.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="IdempotencyKey">Source plus external id (e.g. <c>shopify:order:1001</c>).</param>
/// <param name="CommandId">The id of the command that claimed the key first.</param>
/// <param name="Kind">The command kind (e.g. <c>sales-order</c>).</param>
/// <param name="State">Where the command stands.</param>
/// <param name="P21Key">The P21 record's key once committed (e.g. the order_no).</param>
/// <param name="ParkedReason">Why the command was parked, when it was.</param>
/// <param name="Attempts">How many times the key was begun (first claim = 1).</param>
/// <param name="FirstSeenUtc">When the key was first claimed.</param>
/// <param name="LastSeenUtc">When the key was last begun or changed.</param>
/// <param name="ClaimOwner">The worker processing the command right now (see <see cref="IIdempotencyLedger.TryClaimAsync"/>), or null.</param>
/// <param name="ClaimExpiresUtc">When <paramref name="ClaimOwner"/>'s claim lapses and another worker may take the command over.</param>
public sealed record LedgerEntry(
    string Connection,
    string IdempotencyKey,
    string CommandId,
    string Kind,
    LedgerState State,
    string? P21Key,
    string? ParkedReason,
    int Attempts,
    DateTimeOffset FirstSeenUtc,
    DateTimeOffset LastSeenUtc,
    string? ClaimOwner = null,
    DateTimeOffset? ClaimExpiresUtc = null)
{
    /// <summary>True when a worker other than <paramref name="owner"/> holds a claim that has not lapsed at <paramref name="now"/>.</summary>
    public bool IsClaimedByOther(string owner, DateTimeOffset now) =>
        ClaimOwner is not null && !string.Equals(ClaimOwner, owner, StringComparison.Ordinal) && ClaimExpiresUtc > now;
}

/// <summary>The outcome of <see cref="IIdempotencyLedger.TryBeginAsync"/>.</summary>
/// <param name="IsNew">True for exactly one caller per key: the one whose insert created the row.</param>
/// <param name="Entry">The row after the call (for a repeat: with its attempt counted).</param>
public sealed record LedgerClaim(bool IsNew, LedgerEntry Entry);

/// <summary>A processing claim on one ledger row: while it lasts, no other worker writes the command.</summary>
/// <param name="Owner">Who holds the claim.</param>
/// <param name="ExpiresUtc">When it lapses unless renewed or released.</param>
/// <param name="Entry">The ledger row carrying the claim (its state tells whether there is still work to do).</param>
public sealed record ProcessingClaim(string Owner, DateTimeOffset ExpiresUtc, LedgerEntry Entry);
