namespace P21.Connector.Poll;

/// <summary>How a run ended.</summary>
public enum PollOutcome
{
    /// <summary>The run read to the end of the changes.</summary>
    Completed,

    /// <summary>Another run holds the entity's lease; this one did nothing.</summary>
    SkippedLeaseHeld,

    /// <summary>The entity's schedule says the next run is not due yet.</summary>
    SkippedNotDue,

    /// <summary>The entity is disabled for the connection.</summary>
    SkippedDisabled,
}

/// <summary>What one <see cref="PollRunner.RunAsync"/> did.</summary>
/// <param name="Connection">The connection.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Message">Why a run was skipped (e.g. "skipped: another run holds the lease"), else null.</param>
/// <param name="RowsRead">Rows read from the primary and trigger tables.</param>
/// <param name="EventsPublished">Events the sink acknowledged.</param>
/// <param name="UnchangedSkipped">Records dropped because their fingerprint was unchanged.</param>
/// <param name="Pages">Keyset pages processed.</param>
/// <param name="P21Requests">OData requests issued: one per page plus one per child/parent lookup batch (retries not counted).</param>
/// <param name="Duration">Wall-clock time of the run.</param>
public sealed record PollResult(
    string Connection,
    string Entity,
    PollOutcome Outcome,
    string? Message,
    long RowsRead,
    long EventsPublished,
    long UnchangedSkipped,
    int Pages,
    int P21Requests,
    TimeSpan Duration)
{
    /// <summary>Records found hard-deleted by a key scan in this run (published as <c>.deleted</c>).</summary>
    public long HardDeletes { get; init; }

    /// <summary>The change probe saw no change, so no stream was read (one request; the watermark did not move).</summary>
    public bool Quiet { get; init; }

    internal static PollResult Skipped(PollRequest request, PollOutcome outcome, string message, TimeSpan duration) =>
        new(request.Connection, request.Entity, outcome, message, 0, 0, 0, 0, 0, duration);
}
