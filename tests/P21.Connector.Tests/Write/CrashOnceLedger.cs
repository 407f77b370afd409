using P21.Connector.Storage;

// Shared with tests/P21.IntegrationTests (linked there), so one test double serves both suites.
namespace P21.Connector.Tests.Write;

/// <summary>A ledger that fails the first commit: the crash between P21's create and our ledger write.</summary>
internal sealed class CrashOnceLedger(IIdempotencyLedger inner) : IIdempotencyLedger
{
    private int _crashed;

    public Task<LedgerClaim> TryBeginAsync(string connection, string idempotencyKey, string commandId, string kind, CancellationToken cancellationToken = default) =>
        inner.TryBeginAsync(connection, idempotencyKey, commandId, kind, cancellationToken);

    public Task<LedgerEntry> MarkCommittedAsync(string connection, string idempotencyKey, string p21Key, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _crashed, 1) == 0
            ? throw new IOException("storage went away after P21 created the record")
            : inner.MarkCommittedAsync(connection, idempotencyKey, p21Key, cancellationToken);

    public Task<LedgerEntry> MarkParkedAsync(string connection, string idempotencyKey, string reason, CancellationToken cancellationToken = default) =>
        inner.MarkParkedAsync(connection, idempotencyKey, reason, cancellationToken);

    public Task<ProcessingClaim?> TryClaimAsync(string connection, string idempotencyKey, string owner, TimeSpan duration, CancellationToken cancellationToken = default) =>
        inner.TryClaimAsync(connection, idempotencyKey, owner, duration, cancellationToken);

    public Task ReleaseClaimAsync(string connection, string idempotencyKey, string owner, CancellationToken cancellationToken = default) =>
        inner.ReleaseClaimAsync(connection, idempotencyKey, owner, cancellationToken);

    public Task<LedgerEntry?> GetAsync(string connection, string idempotencyKey, CancellationToken cancellationToken = default) =>
        inner.GetAsync(connection, idempotencyKey, cancellationToken);
}
