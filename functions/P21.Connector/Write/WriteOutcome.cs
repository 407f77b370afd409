namespace P21.Connector.Write;

/// <summary>
/// What became of one write command. A transient failure is not an outcome: the writer throws so the queue redelivers.
/// </summary>
public abstract record WriteOutcome
{
    private protected WriteOutcome()
    {
    }

    /// <summary>The command was written to P21 (or found there by its external reference) and the ledger says Committed.</summary>
    /// <param name="P21Key">The P21 key (order_no, customer_id, po_no, GL transaction number, …).</param>
    /// <param name="Notices">What the write changed from the command (a cut address line, a skipped line), or null.</param>
    public sealed record Committed(string P21Key, IReadOnlyList<string>? Notices = null) : WriteOutcome;

    /// <summary>The ledger already held this idempotency key as Committed; P21 was not called.</summary>
    /// <param name="P21Key">The P21 key recorded by the first delivery.</param>
    public sealed record Duplicate(string P21Key) : WriteOutcome;

    /// <summary>A permanent failure: the command is parked with its payload until someone fixes and replays it.</summary>
    /// <param name="Reason">One line naming the cause and, where known, the fix.</param>
    public sealed record Parked(string Reason) : WriteOutcome;
}
