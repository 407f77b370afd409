using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Logging;

using P21.Connector.Client;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Poll.Schema;

/// <summary>
/// Compares a connection's live <c>$metadata</c> with its stored snapshot and publishes one <c>p21.schema.drifted</c>
/// event when the tables the connector uses changed. It never replaces a snapshot it compared against: drift stays
/// reported on every run until an operator reviews the mappings and accepts the schema with <c>p21 discover</c>.
/// </summary>
public sealed partial class SchemaDriftCheck(
    IP21ClientProvider clients,
    ISchemaSnapshotStore snapshots,
    PollEntityCatalogue catalogue,
    TimeProvider time,
    ILogger<SchemaDriftCheck> logger)
{
    /// <summary>The CloudEvents type of a drift event.</summary>
    public const string EventType = "p21.schema.drifted";

    /// <summary>What the event and the log tell the operator to do.</summary>
    public const string Fix = "review the mappings for these columns, then run p21 discover to accept the new schema";

    /// <summary>
    /// Checks one connection. First run (no snapshot stored): saves the live schema as the baseline and publishes
    /// nothing. Later runs: publishes one event listing the changes, with an id derived from the connection and the
    /// changes, so the daily repeat of the same drift is dropped as a duplicate downstream.
    /// </summary>
    /// <exception cref="FormatException">The stored snapshot is unreadable (the message says to run <c>p21 discover</c>).</exception>
    public async Task<SchemaDriftResult> RunAsync(string connection, IChangeSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        ArgumentNullException.ThrowIfNull(sink);
        P21Client client = clients.Get(connection);
        SchemaDocument live = await LiveSchema.ReadAsync(client, connection, catalogue, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        SchemaSnapshot? stored = await snapshots.LoadAsync(connection, SchemaSnapshots.DefaultName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            await snapshots.SaveAsync(connection, SchemaSnapshots.DefaultName, SchemaSnapshots.Serialize(live), cancellationToken).ConfigureAwait(false);
            LogBaselineSaved(connection, live.Tables.Count);
            return new SchemaDriftResult(connection, SchemaDriftOutcome.BaselineSaved, [], null);
        }

        SchemaDocument before;
        try
        {
            before = SchemaSnapshots.Parse(stored.Json);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The stored schema snapshot of connection '{connection}' is unreadable ({ex.Message}); run p21 discover to take a new one.", ex);
        }

        IReadOnlyList<SchemaChange> changes = Compare(before, live);
        if (changes.Count == 0)
        {
            return new SchemaDriftResult(connection, SchemaDriftOutcome.NoDrift, [], null);
        }

        ChangeEvent drifted = Event(connection, before.TakenUtc, changes, time.GetUtcNow());
        await sink.PublishAsync([drifted], cancellationToken).ConfigureAwait(false);
        LogDrifted(connection, changes.Count, drifted.Id);
        return new SchemaDriftResult(connection, SchemaDriftOutcome.Drifted, changes, drifted.Id);
    }

    /// <summary>Checks every configured connection; one failing does not stop the others.</summary>
    /// <returns>One result per connection that was checked, in configuration order.</returns>
    /// <exception cref="AggregateException">One or more connections failed; the others were checked.</exception>
    public async Task<IReadOnlyList<SchemaDriftResult>> RunAllAsync(IChangeSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var results = new List<SchemaDriftResult>();
        var failures = new List<Exception>();
        foreach (string connection in clients.ConnectionNames)
        {
            try
            {
                results.Add(await RunAsync(connection, sink, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogConnectionFailed(connection, ex);
                failures.Add(ex);
            }
        }

        return failures.Count == 0
            ? results
            : throw new AggregateException($"Schema drift check failed on {failures.Count} of {failures.Count + results.Count} connection(s).", failures);
    }

    /// <summary>
    /// The changes in the tables the connector uses (and their <c>*_ud</c> tables), whichever side lists them, so a
    /// snapshot taken by an older build with more or fewer tables neither hides nor invents drift elsewhere.
    /// </summary>
    public IReadOnlyList<SchemaChange> Compare(SchemaDocument before, SchemaDocument live)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(live);
        IReadOnlySet<string> used = LiveSchema.UsedTables(catalogue, before.Tables.Select(t => t.Name).Concat(live.Tables.Select(t => t.Name)));
        return SchemaDiff.Compare(Only(before, used), Only(live, used));
    }

    /// <summary>
    /// The drift event. Its id hashes the connection and the changes only (not the time), so the same drift found again
    /// gets the same id, and a different drift a new one.
    /// </summary>
    public static ChangeEvent Event(string connection, DateTimeOffset snapshotTakenUtc, IReadOnlyList<SchemaChange> changes, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(changes);
        string source = ChangeEventFactory.Source(connection, "schema");
        var report = new SchemaDriftReport(connection, SchemaSnapshots.DefaultName, snapshotTakenUtc, changes, Fix);
        JsonElement data = JsonSerializer.SerializeToElement(report, SchemaJsonContext.Default.SchemaDriftReport);
        return new ChangeEvent(ChangeEventFactory.EventId(source, SchemaSnapshots.DefaultName, DiffHash(changes)), source, EventType,
            SchemaSnapshots.DefaultName, now.ToUniversalTime(), data);
    }

    private static string DiffHash(IReadOnlyList<SchemaChange> changes)
    {
        var canonical = new StringBuilder();
        foreach (SchemaChange c in changes)
        {
            canonical.Append(c.Kind).Append('|').Append(c.Table.ToLowerInvariant()).Append('|').Append(c.Column?.ToLowerInvariant())
                .Append('|').Append(c.Before).Append('|').Append(c.After).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static SchemaDocument Only(SchemaDocument document, IReadOnlySet<string> tables) =>
        document with { Tables = [.. document.Tables.Where(t => tables.Contains(t.Name))] };

    [LoggerMessage(Level = LogLevel.Information, Message = "No schema snapshot for {Connection}: saved the live schema of {Tables} tables as the baseline")]
    private partial void LogBaselineSaved(string connection, int tables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "P21 schema of {Connection} drifted: {Changes} change(s), event {EventId}; " + Fix)]
    private partial void LogDrifted(string connection, int changes, string eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schema drift check of {Connection} failed; other connections continue")]
    private partial void LogConnectionFailed(string connection, Exception exception);
}
