namespace P21.Connector.Intake.Pulls;

/// <summary>What one order pull is asked to do.</summary>
/// <param name="DryRun">List and decide, but enqueue nothing and move no watermark or marker.</param>
/// <param name="Since">Read from this time instead of the watermark (a re-pull); the watermark is then left as it is.</param>
public sealed record AmazonOrderPullRequest(bool DryRun = false, DateTimeOffset? Since = null);

/// <summary>What became of one pulled order.</summary>
public enum PulledOrderOutcome
{
    /// <summary>Handed to the write path as <c>SalesOrder.Create</c> (would be, in a dry run).</summary>
    Enqueued,

    /// <summary>Cancelled on Amazon after it was handed to the write path: <c>SalesOrder.Cancel</c> enqueued.</summary>
    CancelEnqueued,

    /// <summary>Not paid yet (Pending): read again when Amazon updates it.</summary>
    Waiting,

    /// <summary>Not written, by the eligibility rules (FBA with <c>Skip</c>, cancelled before it was written, ...).</summary>
    NotWritten,

    /// <summary>This version was handled by an earlier pull.</summary>
    AlreadyPulled,

    /// <summary>Amazon's answer does not meet the intake rules (e.g. a SellerSKU over 100 characters): parked (kind <c>amazon-order</c>) with the reason.</summary>
    Refused,
}

/// <summary>One order of a pull: its id, Amazon status, outcome and, when not written, why.</summary>
public sealed record PulledOrder(string AmazonOrderId, string Status, PulledOrderOutcome Outcome, string? Reason = null)
{
    /// <summary>The order's <c>LastUpdateDate</c>: the version the pull handled.</summary>
    public DateTimeOffset LastUpdateDate { get; init; }
}

/// <summary>The result of one order pull.</summary>
/// <param name="Configured">False when no Amazon setting is present (nothing was done).</param>
/// <param name="LeaseHeldBy">Who holds the pull's lease when another pull is running (nothing was done); else null.</param>
/// <param name="From">The <c>LastUpdatedAfter</c> the pull read from.</param>
/// <param name="Watermark">The position committed (null in a dry run, a re-pull, or when nothing was done).</param>
/// <param name="More">The run stopped at <c>Amazon:Orders:MaxRunDuration</c>; the next pull goes on from the watermark.</param>
/// <param name="Orders">Every order read, in <c>LastUpdateDate</c> order.</param>
public sealed record AmazonOrderPullResult(
    bool Configured,
    string? LeaseHeldBy,
    DateTimeOffset? From,
    DateTimeOffset? Watermark,
    bool More,
    IReadOnlyList<PulledOrder> Orders)
{
    /// <summary>How many orders had <paramref name="outcome"/>.</summary>
    public int Count(PulledOrderOutcome outcome) => Orders.Count(o => o.Outcome == outcome);

    internal static AmazonOrderPullResult NotConfigured { get; } = new(false, null, null, null, false, []);
}
