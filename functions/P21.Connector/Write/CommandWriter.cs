using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// Takes one queued write command to P21 exactly once: ledger begin → processing claim (one worker across all hosts)
/// → handler (lookup by external reference, write, verify) → ledger Committed → result event → claim released.
/// A permanent failure parks the command with its payload and returns normally (the message completes); a transient
/// failure, including <see cref="WriteBusyException"/>, throws so the queue redelivers it.
/// </summary>
public sealed partial class CommandWriter
{
    /// <summary>The connection under which unreadable messages are parked (they name none that can be trusted).</summary>
    public const string UnreadableConnection = "unreadable";

    private readonly IIdempotencyLedger _ledger;
    private readonly IParkedRecordStore _parked;
    private readonly IP21ClientProvider _clients;
    private readonly IChangeSink _sink;
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<WriterOptions> _options;
    private readonly TimeProvider _time;
    private readonly CommandClaims _claims;
    private readonly ILogger<CommandWriter> _logger;
    private readonly Queues.CommandClaimCheck? _claimCheck;

    /// <summary>
    /// Creates the writer. Handlers are resolved as keyed <see cref="IWriteHandler"/> services by
    /// <see cref="WriteCommandKind"/>; pointer messages (<see cref="CommandBodyPointer"/>) are resolved through
    /// <paramref name="claimCheck"/>, or parked as "command body missing" without one.
    /// </summary>
    public CommandWriter(
        IIdempotencyLedger ledger,
        IParkedRecordStore parked,
        IP21ClientProvider clients,
        IChangeSink sink,
        IServiceProvider services,
        IOptionsMonitor<WriterOptions> options,
        TimeProvider time,
        CommandClaims claims,
        ILogger<CommandWriter> logger,
        Queues.CommandClaimCheck? claimCheck = null)
    {
        _claimCheck = claimCheck;
        _ledger = ledger;
        _parked = parked;
        _clients = clients;
        _sink = sink;
        _services = services;
        _options = options;
        _time = time;
        _claims = claims;
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
        WriteMetrics.Record(outcome);
        return outcome;
    }

    private async Task<WriteOutcome> HandleDeliveryAsync(string body, string messageId, int deliveryCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(messageId);
        if (CommandBodyPointer.TryRead(body) is { } pointer)
        {
            string? stored = _claimCheck is null ? null : (await _claimCheck.ResolveAsync(body, cancellationToken).ConfigureAwait(false)).Body;
            if (stored is null)
            {
                return await ParkMissingBodyAsync(body, pointer, cancellationToken).ConfigureAwait(false);
            }

            body = stored;
        }

        WriteCommand command;
        try
        {
            command = WriteCommandSerializer.Deserialize(body);
        }
        catch (WriteCommandFormatException ex)
        {
            return await ParkUnreadableAsync(body, messageId, ex.Message, cancellationToken).ConfigureAwait(false);
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
                ?? await WriteClaimedAsync(command, body, deliveryCount, isReplay: false, parkedAs: null, cancellationToken).ConfigureAwait(false);
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
    private async Task<WriteOutcome?> SettledAsync(WriteCommand command, LedgerEntry entry, int deliveryCount, CancellationToken cancellationToken)
    {
        switch (entry.State)
        {
            case LedgerState.Committed:
                LogDuplicate(command.Kind, entry.P21Key, deliveryCount);
                // Re-announce with the same event id: the first announcement may be what failed.
                await PublishCommittedAsync(command, entry.P21Key!, [], cancellationToken).ConfigureAwait(false);
                return new WriteOutcome.Duplicate(entry.P21Key!);
            case LedgerState.Parked:
                return new WriteOutcome.Parked(entry.ParkedReason ?? "parked");
            default:
                return null;
        }
    }

    private async Task<WriteOutcome> WriteClaimedAsync(
        WriteCommand command, string body, int deliveryCount, bool isReplay, ParkedRecordKey? parkedAs, CancellationToken cancellationToken)
    {
        IWriteHandler? handler = _services.GetKeyedService<IWriteHandler>(command.Kind);
        if (handler is null)
        {
            return await ParkAsync(command, body, $"no handler is registered for {command.Kind.Name}", null, parkedAs, cancellationToken).ConfigureAwait(false);
        }

        string p21Key;
        IReadOnlyList<string> notices;
        try
        {
            P21Client client = _clients.Get(command.Connection);
            var context = new WriteContext(command, client, client.ServerUtcOffset, deliveryCount, isReplay);
            p21Key = await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
            notices = context.Notices;
        }
        catch (WriteRejectedException ex)
        {
            return await ParkAsync(command, body, ex.Message, ex.Details, parkedAs, cancellationToken).ConfigureAwait(false);
        }
        catch (P21TransactionRejectedException ex)
        {
            string messages = string.Join(" | ", ex.Messages);
            return await ParkAsync(command, body, $"P21 rejected the {ex.Service} transaction: {messages}", messages, parkedAs, cancellationToken).ConfigureAwait(false);
        }
        catch (P21RequestFailedException ex) when (IsPermanent(ex))
        {
            string reason = $"P21 answered {ex.Status}: {ex.P21Message ?? ex.Message}";
            return await ParkAsync(command, body, reason, ex.Hint, parkedAs, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            // An unknown connection name: the command can never succeed as sent.
            return await ParkAsync(command, body, ex.Message, null, parkedAs, cancellationToken).ConfigureAwait(false);
        }

        await _ledger.MarkCommittedAsync(command.Connection, command.IdempotencyKey, p21Key, cancellationToken).ConfigureAwait(false);
        LogCommitted(command.Kind, p21Key, deliveryCount);
        await PublishCommittedAsync(command, p21Key, notices, cancellationToken).ConfigureAwait(false);
        return new WriteOutcome.Committed(p21Key, notices.Count > 0 ? notices : null);
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
        WriterOptions options = _options.CurrentValue;
        await _sink.PublishAsync(
            [WriteResultEvents.Parked(
                options.EventSource,
                command.IdempotencyKey,
                record.Attempts,
                new WriteParkedData(command.CommandId, kind, command.Source, command.ExternalId, command.Connection, reason, record.Id),
                _time.GetUtcNow())],
            cancellationToken).ConfigureAwait(false);
        return new WriteOutcome.Parked(reason);
    }

    private async Task<WriteOutcome> ParkUnreadableAsync(string body, string messageId, string error, CancellationToken cancellationToken)
    {
        const string Reason = "unreadable command";
        string connection = ConnectionOf(body) ?? UnreadableConnection;
        ParkedRecord record = await _parked.ParkAsync(
            connection,
            new ParkRequest("unreadable", "unknown", "unreadable:" + messageId, Reason, error, body),
            cancellationToken).ConfigureAwait(false);
        LogUnreadable(record.Id, connection, error);
        return new WriteOutcome.Parked(Reason);
    }

    private async Task<WriteOutcome> ParkMissingBodyAsync(string message, CommandBodyPointer pointer, CancellationToken cancellationToken)
    {
        const string Reason = "command body missing";
        string details = _claimCheck is null
            ? $"The message points to command {pointer.CommandId} in the command-body store, but this writer has no claim check configured (register AddP21Storage)."
            : $"The message points to command {pointer.CommandId} on '{pointer.Connection}', but the CommandBodies table has no body for it (deleted or never stored); re-send the command from its source.";
        ParkedRecord record = await _parked.ParkAsync(
            pointer.Connection,
            new ParkRequest("missing-body", "unknown", "body:" + pointer.CommandId, Reason, details, message),
            cancellationToken).ConfigureAwait(false);
        LogUnreadable(record.Id, pointer.Connection, Reason);
        return new WriteOutcome.Parked(Reason);
    }

    private Task PublishCommittedAsync(WriteCommand command, string p21Key, IReadOnlyList<string> notices, CancellationToken cancellationToken) =>
        _sink.PublishAsync(
            [WriteResultEvents.Committed(
                _options.CurrentValue.EventSource,
                command.IdempotencyKey,
                new WriteCommittedData(command.CommandId, command.Kind.Name, command.Source, command.ExternalId, command.Connection, p21Key, notices.Count > 0 ? notices : null),
                _time.GetUtcNow())],
            cancellationToken);

    // 4xx other than auth and throttling: the request itself is wrong and will be wrong next time.
    private static bool IsPermanent(P21RequestFailedException ex) =>
        !ex.IsTransient && ex is not P21AuthenticationException && ex.Status is >= 400 and < 500 && ex.Status is not (401 or 403 or 408 or 429);


    // Best effort: an unreadable command may still name its connection, so an operator finds it where they look.
    private static string? ConnectionOf(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("connection", out JsonElement value)
                && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString())
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {Kind} committed as P21 {P21Key} (delivery {DeliveryCount})")]
    private partial void LogCommitted(WriteCommandKind kind, string p21Key, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {Kind} already committed as P21 {P21Key}; delivery {DeliveryCount} skipped")]
    private partial void LogDuplicate(WriteCommandKind kind, string? p21Key, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {Kind} parked as {ParkedRecordId}: {Reason}")]
    private partial void LogParked(WriteCommandKind kind, string parkedRecordId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable write command parked as {ParkedRecordId} on {Connection}: {Error}")]
    private partial void LogUnreadable(string parkedRecordId, string connection, string error);
}
