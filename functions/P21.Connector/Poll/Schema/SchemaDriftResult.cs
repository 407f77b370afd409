namespace P21.Connector.Poll.Schema;

/// <summary>How one drift check ended.</summary>
public enum SchemaDriftOutcome
{
    /// <summary>No snapshot was stored: the live schema became the baseline, and nothing was published.</summary>
    BaselineSaved,

    /// <summary>The live schema matches the snapshot.</summary>
    NoDrift,

    /// <summary>The schema changed; one <c>p21.schema.drifted</c> event was published and the snapshot kept.</summary>
    Drifted,
}

/// <summary>What one <see cref="SchemaDriftCheck.RunAsync"/> found.</summary>
/// <param name="Connection">The connection.</param>
/// <param name="Outcome">How the check ended.</param>
/// <param name="Changes">The differences from the snapshot (empty unless <see cref="SchemaDriftOutcome.Drifted"/>).</param>
/// <param name="EventId">The id of the published event, or null when none was published.</param>
public sealed record SchemaDriftResult(string Connection, SchemaDriftOutcome Outcome, IReadOnlyList<SchemaChange> Changes, string? EventId);

/// <summary>The data of a <c>p21.schema.drifted</c> event.</summary>
/// <param name="Connection">The connection whose schema drifted.</param>
/// <param name="Snapshot">The stored snapshot's name.</param>
/// <param name="SnapshotTakenUtc">When the snapshot (the accepted schema) was taken.</param>
/// <param name="Changes">Added, removed and retyped tables and columns of the tables the connector uses.</param>
/// <param name="Fix">What the operator does about it.</param>
public sealed record SchemaDriftReport(string Connection, string Snapshot, DateTimeOffset SnapshotTakenUtc, IReadOnlyList<SchemaChange> Changes, string Fix);
