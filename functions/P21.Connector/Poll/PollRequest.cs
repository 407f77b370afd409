namespace P21.Connector.Poll;

/// <summary>How a run reads.</summary>
public enum PollMode
{
    /// <summary>From the watermark minus the overlap window; unchanged records (same fingerprint) are skipped.</summary>
    Incremental,

    /// <summary>From the beginning or <see cref="PollRequest.From"/>; every record is published; resumable.</summary>
    Backfill,

    /// <summary>
    /// Only a key scan, now: every key of the primary table is compared with the stored fingerprints, and records whose
    /// rows vanished (hard deletes) are published as <c>.deleted</c>. Incremental runs do this on their own every
    /// <see cref="PollOptions.KeyScanEvery"/>.
    /// </summary>
    KeyScan,
}

/// <summary>One run of one entity on one connection.</summary>
/// <param name="Connection">The connection name (a key of <c>P21:Connections</c>).</param>
/// <param name="Entity">The entity name (see <see cref="Entities.PollEntityCatalogue"/>).</param>
/// <param name="Mode">Incremental or backfill.</param>
/// <param name="From">Backfill only: the earliest <c>date_last_modified</c> to read (UTC); null = the beginning.</param>
/// <param name="DryRun">Publish to the sink but commit neither watermark nor fingerprints.</param>
public sealed record PollRequest(string Connection, string Entity, PollMode Mode = PollMode.Incremental, DateTimeOffset? From = null, bool DryRun = false)
{
    /// <summary>Run even when the entity's schedule says it is not due (CLI, tests).</summary>
    public bool IgnoreSchedule { get; init; }

    /// <summary>Break the unexpired lease of the run holding it now (an operator who knows that run is gone); of two take-overs only one wins.</summary>
    public bool TakeOver { get; init; }
}
