namespace P21.Connector.Intake.Pulls;

/// <summary>Where one returns pull left the report it works on.</summary>
public enum AmazonReturnPullStep
{
    /// <summary>No Amazon setting is present; nothing was called.</summary>
    NotConfigured,

    /// <summary>Another pull holds the lease.</summary>
    Busy,

    /// <summary><c>Intake:Eligibility:MarketplaceFulfilled</c> is <c>Skip</c>: FBA orders are not in P21, so neither are their returns.</summary>
    SkippedByPolicy,

    /// <summary>A report was requested (<c>createReport</c>); a later run reads it.</summary>
    Requested,

    /// <summary>The requested report is not built yet.</summary>
    Waiting,

    /// <summary>Amazon cancelled the report because the range holds no return; the watermark moved past the range.</summary>
    NoReturns,

    /// <summary>Amazon could not build the report (<c>FATAL</c>) or no longer has it; the next run requests the range again.</summary>
    Failed,

    /// <summary>The report was read: its returns were handed to the write path, the rows that do not read parked.</summary>
    Pulled,
}

/// <summary>What one FBA customer returns pull did.</summary>
/// <param name="Step">Where it left the report.</param>
/// <param name="ReportId">The report requested or read.</param>
/// <param name="Through">The watermark after the run: every return dated before it is handled.</param>
/// <param name="Enqueued">Returns handed to the write path as <c>Return.Create</c>.</param>
/// <param name="AlreadyHandled">Returns the write ledger already has (an overlap, a rerun).</param>
/// <param name="Parked">Rows parked because they do not read (or 1 for a whole file that does not read).</param>
/// <param name="Detail">Who holds the lease, why the report failed, or the parked record.</param>
/// <param name="Before">The watermark before a <see cref="AmazonReturnPullStep.Pulled"/> run (what a hand-back restores).</param>
public sealed record AmazonReturnPullResult(
    AmazonReturnPullStep Step,
    string? ReportId = null,
    DateTimeOffset? Through = null,
    int Enqueued = 0,
    int AlreadyHandled = 0,
    int Parked = 0,
    string? Detail = null,
    DateTimeOffset? Before = null);
