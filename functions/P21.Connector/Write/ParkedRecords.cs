using Microsoft.Extensions.Logging;

using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Write;

/// <summary>The result of replaying one parked record.</summary>
/// <param name="Record">The record after the replay (status Replayed on success, still Parked with the new reason otherwise).</param>
/// <param name="Outcome">What the writer did; null when the payload could not be read (see <paramref name="Error"/>).</param>
/// <param name="Error">Why nothing was attempted, e.g. the fixed payload is still not a valid command.</param>
public sealed record ReplayResult(ParkedRecord? Record, WriteOutcome? Outcome, string? Error)
{
    /// <summary>True when the command is now in P21.</summary>
    public bool Succeeded => Outcome is WriteOutcome.Committed or WriteOutcome.Duplicate;
}

/// <summary>
/// What an operator does with parked write commands (CLI <c>p21 parked</c>): list, show, fix the payload, replay
/// through the same writer (the ledger's Parked entry is rewritten by the new outcome), or discard with a reason.
/// </summary>
public sealed partial class ParkedRecords(IParkedRecordStore store, CommandWriter writer, ILogger<ParkedRecords> logger)
{
    /// <summary>Streams the parked records of <paramref name="connection"/> (headers only, no payloads).</summary>
    public IAsyncEnumerable<ParkedRecord> ListAsync(string connection, ParkedRecordFilter? filter = null, CancellationToken cancellationToken = default) =>
        store.ListAsync(connection, filter, cancellationToken);

    /// <summary>One record with its payload, or null.</summary>
    public Task<ParkedRecord?> ShowAsync(string connection, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(connection, id, cancellationToken);

    /// <summary>Replaces a record's payload with an operator's corrected command JSON; it must still be a readable command.</summary>
    /// <exception cref="ArgumentException">The new payload is not a valid write command (the message says why).</exception>
    public async Task<ParkedRecord?> FixAsync(string connection, string id, string newPayload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newPayload);
        try
        {
            _ = WriteCommandSerializer.Deserialize(newPayload);
        }
        catch (WriteCommandFormatException ex)
        {
            throw new ArgumentException(ex.Message, nameof(newPayload), ex);
        }

        return await store.UpdatePayloadAsync(connection, id, newPayload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the record's command through the writer again. Success marks the record Replayed; a new permanent failure
    /// re-parks the same record (same id and payload, one more attempt) with the new reason and details. Transient
    /// failures throw (nothing changed; try again).
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(string connection, string id, CancellationToken cancellationToken = default)
    {
        ParkedRecord? record = await store.GetAsync(connection, id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new ReplayResult(null, null, $"no parked record {id} on connection {connection}");
        }

        if (record.Status != ParkedStatus.Parked)
        {
            return new ReplayResult(record, null, $"record {id} is {record.Status}, not Parked");
        }

        WriteCommand command;
        try
        {
            command = WriteCommandSerializer.Deserialize(record.Payload ?? "");
        }
        catch (WriteCommandFormatException ex)
        {
            return new ReplayResult(record, null, $"the payload is still not a valid command ({ex.Message}); fix it first");
        }

        // A fixed unreadable message carries a command with its own key (and ledger entry), not the record's. It is
        // replayed like any other record, not delivered: a delivery would answer an earlier failed replay's Parked
        // ledger entry without writing. A new failure goes back to this record, keeping its id and payload.
        WriteOutcome outcome = await writer.ReplayAsync(
            command, record.Payload!, new ParkedRecordKey(connection, record.IdempotencyKey), cancellationToken).ConfigureAwait(false);

        if (outcome is WriteOutcome.Committed or WriteOutcome.Duplicate)
        {
            record = await store.MarkReplayedAsync(connection, id, cancellationToken).ConfigureAwait(false) ?? record;
        }
        else
        {
            record = await store.GetAsync(connection, id, cancellationToken).ConfigureAwait(false) ?? record;
        }

        return new ReplayResult(record, outcome, null);
    }

    /// <summary>Gives up on a record; the reason goes to the log (the audit trail), the record stays readable.</summary>
    public async Task<ParkedRecord?> DiscardAsync(string connection, string id, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ParkedRecord? record = await store.GetAsync(connection, id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        LogDiscarded(id, connection, record.Kind, reason);
        return await store.MarkDiscardedAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked record {ParkedRecordId} on {Connection} ({Kind}) discarded: {Reason}")]
    private partial void LogDiscarded(string parkedRecordId, string connection, string kind, string reason);
}
