using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// The writer's last stage: records what became of a command, in this order because each step is safe to repeat on a
/// redelivery: ledger (Committed or Parked) and parked record first, then the result event, whose id is deterministic.
/// </summary>
public sealed partial class CommandOutcomes
{
    private readonly IIdempotencyLedger _ledger;
    private readonly IParkedRecordStore _parked;
    private readonly IChangeSink _sink;
    private readonly IOptionsMonitor<WriterOptions> _options;
    private readonly TimeProvider _time;
    // The writer's category for every stage: operators filter one category (P21.Connector.Write.CommandWriter) for outcomes.
    private readonly ILogger<CommandWriter> _logger;

    /// <summary>Creates the stage.</summary>
    public CommandOutcomes(IIdempotencyLedger ledger, IParkedRecordStore parked, IChangeSink sink, IOptionsMonitor<WriterOptions> options, TimeProvider time, ILogger<CommandWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(parked);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _ledger = ledger;
        _parked = parked;
        _sink = sink;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Records a dispatch: Committed (and announced) when written, parked when refused.</summary>
    /// <param name="command">The command.</param>
    /// <param name="body">Its JSON, kept as the parked payload.</param>
    /// <param name="result">What the dispatch did.</param>
    /// <param name="deliveryCount">For the log line.</param>
    /// <param name="parkedAs">The parked record a replay writes back to; null for a delivery.</param>
    /// <param name="cancellationToken">Cancels the recording; the message is then redelivered and recorded again.</param>
    internal Task<WriteOutcome> RecordAsync(WriteCommand command, string body, DispatchResult result, int deliveryCount, ParkedRecordKey? parkedAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            DispatchResult.Written written => CommitAsync(command, written, deliveryCount, cancellationToken),
            DispatchResult.Refused refused => ParkAsync(command, body, refused.Reason, refused.Details, parkedAs, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Unknown dispatch result."),
        };
    }

    /// <summary>A command the ledger already has as Committed: announced again with the same event id (the first announcement may be what failed).</summary>
    public async Task<WriteOutcome> AnnounceDuplicateAsync(WriteCommand command, string p21Key, int deliveryCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        LogDuplicate(command.Kind, p21Key, deliveryCount);
        await PublishCommittedAsync(command, p21Key, [], cancellationToken).ConfigureAwait(false);
        return new WriteOutcome.Duplicate(p21Key);
    }

    private async Task<WriteOutcome> CommitAsync(WriteCommand command, DispatchResult.Written written, int deliveryCount, CancellationToken cancellationToken)
    {
        await _ledger.MarkCommittedAsync(command.Connection, command.IdempotencyKey, written.P21Key, cancellationToken).ConfigureAwait(false);
        LogCommitted(command.Kind, written.P21Key, deliveryCount);
        await PublishCommittedAsync(command, written.P21Key, written.Notices, cancellationToken).ConfigureAwait(false);
        return new WriteOutcome.Committed(written.P21Key, written.Notices.Count > 0 ? written.Notices : null);
    }

    // The ledger entry is always the command's own; the parked record is the replayed one when there is one.
    private async Task<WriteOutcome> ParkAsync(WriteCommand command, string body, string reason, string? details, ParkedRecordKey? parkedAs, CancellationToken cancellationToken)
    {
        string kind = command.Kind.Name;
        ParkedRecordKey target = parkedAs ?? new ParkedRecordKey(command.Connection, command.IdempotencyKey);
        ParkedRecord record = await _parked.ParkAsync(
            target.Connection,
            new ParkRequest(kind, command.Source, target.IdempotencyKey, reason, details, body),
            cancellationToken).ConfigureAwait(false);
        await _ledger.MarkParkedAsync(command.Connection, command.IdempotencyKey, reason, cancellationToken).ConfigureAwait(false);
        LogParked(command.Kind, record.Id, reason);
        await _sink.PublishAsync(
            [WriteResultEvents.Parked(
                _options.CurrentValue.EventSource,
                command.IdempotencyKey,
                record.Attempts,
                new WriteParkedData(command.CommandId, kind, command.Source, command.ExternalId, command.Connection, reason, record.Id),
                _time.GetUtcNow())],
            cancellationToken).ConfigureAwait(false);
        return new WriteOutcome.Parked(reason);
    }

    private Task PublishCommittedAsync(WriteCommand command, string p21Key, IReadOnlyList<string> notices, CancellationToken cancellationToken) =>
        _sink.PublishAsync(
            [WriteResultEvents.Committed(
                _options.CurrentValue.EventSource,
                command.IdempotencyKey,
                new WriteCommittedData(command.CommandId, command.Kind.Name, command.Source, command.ExternalId, command.Connection, p21Key, notices.Count > 0 ? notices : null),
                _time.GetUtcNow())],
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {Kind} committed as P21 {P21Key} (delivery {DeliveryCount})")]
    private partial void LogCommitted(WriteCommandKind kind, string p21Key, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {Kind} already committed as P21 {P21Key}; delivery {DeliveryCount} skipped")]
    private partial void LogDuplicate(WriteCommandKind kind, string? p21Key, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {Kind} parked as {ParkedRecordId}: {Reason}")]
    private partial void LogParked(WriteCommandKind kind, string parkedRecordId, string reason);
}
