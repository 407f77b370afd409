using Microsoft.Extensions.Logging;

using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// Takes one queued write command to P21 exactly once, in four stages each tested alone: <see cref="CommandEnvelope"/>
/// (claim check, deserialise, park the unreadable) → <see cref="CommandClaims"/> (in-process gate, ledger begin and the
/// processing claim that keeps one worker across all hosts) → <see cref="CommandDispatch"/> (the kind's handler: lookup
/// by external reference, write, verify) → <see cref="CommandOutcomes"/> (ledger Committed or Parked, result event).
/// A permanent failure parks the command with its payload and returns normally (the message completes); a transient
/// failure, including <see cref="WriteBusyException"/>, throws so the queue redelivers it.
/// </summary>
public sealed class CommandWriter
{
    /// <summary>The connection under which unreadable messages are parked (they name none that can be trusted).</summary>
    public const string UnreadableConnection = CommandEnvelope.UnreadableConnection;

    private readonly CommandEnvelope _envelope;
    private readonly CommandClaims _claims;
    private readonly IIdempotencyLedger _ledger;
    private readonly CommandDispatch _dispatch;
    private readonly CommandOutcomes _outcomes;
    private readonly WriteMetrics _metrics;
    private readonly ILogger<CommandWriter> _logger;

    /// <summary>Creates the writer from its stages.</summary>
    public CommandWriter(CommandEnvelope envelope, CommandClaims claims, IIdempotencyLedger ledger, CommandDispatch dispatch, CommandOutcomes outcomes,
        WriteMetrics metrics, ILogger<CommandWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        _envelope = envelope;
        _claims = claims;
        _ledger = ledger;
        _dispatch = dispatch;
        _outcomes = outcomes;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Handles one delivery of a queued command.</summary>
    /// <param name="body">The message body: a serialized <see cref="WriteCommand"/>, or a <see cref="CommandBodyPointer"/> to one.</param>
    /// <param name="messageId">The queue's message id (the command id for well-formed commands).</param>
    /// <param name="deliveryCount">1 on the first delivery.</param>
    /// <param name="cancellationToken">Cancels the handling; the message is then redelivered.</param>
    /// <returns>What became of the command; never a transient failure.</returns>
    /// <exception cref="Exception">Any transient failure (P21 5xx/429/timeouts after the client's retries, storage outages): let the queue redeliver.</exception>
    public async Task<WriteOutcome> HandleAsync(string body, string messageId, int deliveryCount, CancellationToken cancellationToken)
    {
        WriteOutcome outcome = await HandleDeliveryAsync(body, messageId, deliveryCount, cancellationToken).ConfigureAwait(false);
        _metrics.Record(outcome);
        return outcome;
    }

    private async Task<WriteOutcome> HandleDeliveryAsync(string body, string messageId, int deliveryCount, CancellationToken cancellationToken)
    {
        CommandRead read = await _envelope.ReadAsync(body, messageId, cancellationToken).ConfigureAwait(false);
        if (read is not CommandRead.Read(WriteCommand command, string fullBody))
        {
            return ((CommandRead.Unreadable)read).Outcome;
        }

        using IDisposable? scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["IdempotencyKey"] = command.IdempotencyKey,
            ["CommandId"] = command.CommandId,
            ["Connection"] = command.Connection,
        });
        using IDisposable gate = await _claims.EnterAsync(command, cancellationToken).ConfigureAwait(false);

        LedgerClaim begun = await _ledger.TryBeginAsync(
            command.Connection, command.IdempotencyKey, command.CommandId, command.Kind.Name, cancellationToken).ConfigureAwait(false);
        if (await SettledAsync(command, begun.Entry, deliveryCount, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        // New, or Pending from a delivery that crashed or failed transiently: the handler's lookup by external
        // reference finds whatever that delivery already created. The claim keeps a live delivery on another host out.
        ProcessingClaim claim = await _claims.ClaimAsync(command, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SettledAsync(command, claim.Entry, deliveryCount, cancellationToken).ConfigureAwait(false)
                ?? await WriteClaimedAsync(command, fullBody, deliveryCount, isReplay: false, parkedAs: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _claims.ReleaseAsync(command).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a parked command again (after its mapping or payload was fixed). The ledger entry stays Parked while the
    /// replay holds the processing claim (a redelivery meanwhile sees Parked and completes) and is written over by the
    /// outcome; a command already committed is reported as a duplicate without calling P21.
    /// </summary>
    /// <param name="command">The record's command.</param>
    /// <param name="body">The record's payload, kept as the parked payload when the command fails again.</param>
    /// <param name="parkedAs">
    /// The record being replayed (its connection and idempotency key). A new failure is written back to that record, so it
    /// keeps its id and payload and shows the new reason, even when the command's own key or connection differs from the
    /// record's (a fixed unreadable message is parked under <c>unreadable:{messageId}</c>, not under its command's key).
    /// </param>
    /// <param name="cancellationToken">Cancels the replay; nothing is changed then.</param>
    /// <exception cref="WriteBusyException">Another worker holds the key's claim; try again later.</exception>
    internal async Task<WriteOutcome> ReplayAsync(WriteCommand command, string body, ParkedRecordKey parkedAs, CancellationToken cancellationToken)
    {
        using IDisposable gate = await _claims.EnterAsync(command, cancellationToken).ConfigureAwait(false);
        LedgerClaim begun = await _ledger.TryBeginAsync(
            command.Connection, command.IdempotencyKey, command.CommandId, command.Kind.Name, cancellationToken).ConfigureAwait(false);
        if (begun.Entry.State == LedgerState.Committed)
        {
            return new WriteOutcome.Duplicate(begun.Entry.P21Key!);
        }

        ProcessingClaim claim = await _claims.ClaimAsync(command, cancellationToken).ConfigureAwait(false);
        try
        {
            return claim.Entry.State == LedgerState.Committed
                ? new WriteOutcome.Duplicate(claim.Entry.P21Key!)
                : await WriteClaimedAsync(command, body, claim.Entry.Attempts, isReplay: true, parkedAs, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _claims.ReleaseAsync(command).ConfigureAwait(false);
        }
    }

    // Committed → re-announce and report a duplicate; Parked → nothing to do until a replay; otherwise null (write it).
    private async Task<WriteOutcome?> SettledAsync(WriteCommand command, LedgerEntry entry, int deliveryCount, CancellationToken cancellationToken) =>
        entry.State switch
        {
            LedgerState.Committed => await _outcomes.AnnounceDuplicateAsync(command, entry.P21Key!, deliveryCount, cancellationToken).ConfigureAwait(false),
            LedgerState.Parked => new WriteOutcome.Parked(entry.ParkedReason ?? "parked"),
            _ => null,
        };

    private async Task<WriteOutcome> WriteClaimedAsync(
        WriteCommand command, string body, int deliveryCount, bool isReplay, ParkedRecordKey? parkedAs, CancellationToken cancellationToken)
    {
        DispatchResult result = await _dispatch.RunAsync(command, deliveryCount, isReplay, cancellationToken).ConfigureAwait(false);
        return await _outcomes.RecordAsync(command, body, result, deliveryCount, parkedAs, cancellationToken).ConfigureAwait(false);
    }
}
