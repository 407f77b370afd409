namespace P21.Connector.Intake.Pulls;

/// <summary>What one settlement pull is asked to do.</summary>
/// <param name="DryRun">List, download and parse, but enqueue, park and commit nothing.</param>
public sealed record AmazonSettlementPullRequest(bool DryRun = false);

/// <summary>What became of one listed settlement report.</summary>
public enum PulledSettlementOutcome
{
    /// <summary>Handed to the write path as <c>JournalEntry.Post</c> (would be, in a dry run).</summary>
    Enqueued,

    /// <summary>This report was handled by an earlier pull (posted or parked).</summary>
    AlreadyPulled,

    /// <summary>Its settlement was already handed over from another report or by hand (see the reason); not enqueued again.</summary>
    AlreadyPosted,

    /// <summary>The document does not parse or does not balance: parked (kind <c>amazon-settlement-report</c>) with the reason.</summary>
    Parked,

    /// <summary>The write path acknowledged it without a write (see the reason).</summary>
    NotWritten,
}

/// <summary>One report of a pull: its id and creation time, the settlement in it and the journal it makes.</summary>
/// <param name="ReportId">Amazon's report id.</param>
/// <param name="CreatedTime">When Amazon generated the report (the watermark follows it).</param>
/// <param name="SettlementId">The settlement id in the document; null when not read (already pulled, unparseable).</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Currency">The settlement's currency, when parsed.</param>
/// <param name="Total">The settlement total (the deposit), when parsed; the journal's lines add up to it.</param>
/// <param name="Lines">How many amount rows the journal carries, when parsed.</param>
/// <param name="Reason">Why it was not enqueued, or the parked record to look at.</param>
public sealed record PulledSettlement(
    string ReportId,
    DateTimeOffset CreatedTime,
    string? SettlementId,
    PulledSettlementOutcome Outcome,
    string? Currency = null,
    decimal? Total = null,
    int? Lines = null,
    string? Reason = null);

/// <summary>The result of one settlement pull.</summary>
/// <param name="Configured">False when no Amazon setting is present (nothing was done).</param>
/// <param name="LeaseHeldBy">Who holds the pull's lease when another pull is running (nothing was done); else null.</param>
/// <param name="From">The <c>createdSince</c> the pull listed from.</param>
/// <param name="Watermark">The position committed (null in a dry run, or when no report was handled).</param>
/// <param name="Reports">Every report listed, oldest first.</param>
public sealed record AmazonSettlementPullResult(
    bool Configured,
    string? LeaseHeldBy,
    DateTimeOffset? From,
    DateTimeOffset? Watermark,
    IReadOnlyList<PulledSettlement> Reports)
{
    /// <summary>How many reports had <paramref name="outcome"/>.</summary>
    public int Count(PulledSettlementOutcome outcome) => Reports.Count(r => r.Outcome == outcome);

    internal static AmazonSettlementPullResult NotConfigured { get; } = new(false, null, null, null, []);
}
