namespace P21.Connector.Storage;

/// <summary>
/// Claims each idempotency key once, by insert (never read-then-insert), and records how its command ended.
/// </summary>
/// <remarks>
/// A row also carries an optional processing claim (owner + expiry) that keeps two workers on two hosts from writing
/// the same command at once. States: <see cref="LedgerState.Pending"/> → <see cref="LedgerState.Committed"/> (terminal) or
/// <see cref="LedgerState.Parked"/>; a parked command may later commit after a replay.
/// </remarks>
public interface IIdempotencyLedger
{
    /// <summary>
    /// Claims <paramref name="idempotencyKey"/>. Exactly one of any number of concurrent callers gets
    /// <see cref="LedgerClaim.IsNew"/> = true; every other caller gets the existing entry with its attempt counted.
    /// </summary>
    Task<LedgerClaim> TryBeginAsync(string connection, string idempotencyKey, string commandId, string kind, CancellationToken cancellationToken = default);

    /// <summary>Records that the command reached P21 as <paramref name="p21Key"/>.</summary>
    /// <exception cref="LedgerTransitionException">The key was never begun.</exception>
    Task<LedgerEntry> MarkCommittedAsync(string connection, string idempotencyKey, string p21Key, CancellationToken cancellationToken = default);

    /// <summary>Records that the command was parked for <paramref name="reason"/>.</summary>
    /// <exception cref="LedgerTransitionException">The key was never begun, or is already committed.</exception>
    Task<LedgerEntry> MarkParkedAsync(string connection, string idempotencyKey, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the processing claim on a begun key for <paramref name="duration"/>: an ETag-conditional update, so of
    /// several workers on several hosts exactly one holds it. The holder may take it again (renew); an expired claim
    /// may be taken over by anyone.
    /// </summary>
    /// <returns>The claim, or null while another owner holds an unexpired one.</returns>
    /// <exception cref="LedgerTransitionException">The key was never begun.</exception>
    Task<ProcessingClaim?> TryClaimAsync(string connection, string idempotencyKey, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives up <paramref name="owner"/>'s claim; a claim held by someone else (or none) is left alone.</summary>
    Task ReleaseClaimAsync(string connection, string idempotencyKey, string owner, CancellationToken cancellationToken = default);

    /// <summary>Reads the entry, or null when the key was never begun.</summary>
    Task<LedgerEntry?> GetAsync(string connection, string idempotencyKey, CancellationToken cancellationToken = default);
}
