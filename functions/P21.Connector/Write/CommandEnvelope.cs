using System.Text.Json;

using Microsoft.Extensions.Logging;

using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// The writer's first stage: turns a delivery's body into a <see cref="WriteCommand"/>, fetching a claim-checked body
/// (<see cref="CommandBodyPointer"/>) from the store, and parks what cannot be read, so a bad message completes instead
/// of being redelivered until it dead-letters.
/// </summary>
public sealed partial class CommandEnvelope
{
    /// <summary>The connection under which unreadable messages are parked (they name none that can be trusted).</summary>
    public const string UnreadableConnection = "unreadable";

    private readonly IParkedRecordStore _parked;
    // The writer's category for every stage: operators filter one category (P21.Connector.Write.CommandWriter) for outcomes.
    private readonly ILogger<CommandWriter> _logger;
    private readonly CommandClaimCheck? _claimCheck;

    /// <summary>Creates the stage; without <paramref name="claimCheck"/> a pointer message is parked as "command body missing".</summary>
    public CommandEnvelope(IParkedRecordStore parked, ILogger<CommandWriter> logger, CommandClaimCheck? claimCheck = null)
    {
        ArgumentNullException.ThrowIfNull(parked);
        ArgumentNullException.ThrowIfNull(logger);
        _parked = parked;
        _logger = logger;
        _claimCheck = claimCheck;
    }

    /// <summary>Reads a delivery: the command and its full body, or the parked outcome of a body that is not one.</summary>
    /// <exception cref="Exception">A storage failure while resolving the pointer or parking: transient, redeliver.</exception>
    public async Task<CommandRead> ReadAsync(string body, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(messageId);
        if (CommandBodyPointer.TryRead(body) is { } pointer)
        {
            string? stored = _claimCheck is null ? null : (await _claimCheck.ResolveAsync(body, cancellationToken).ConfigureAwait(false)).Body;
            if (stored is null)
            {
                return new CommandRead.Unreadable(await ParkMissingBodyAsync(body, pointer, cancellationToken).ConfigureAwait(false));
            }

            body = stored;
        }

        try
        {
            return new CommandRead.Read(WriteCommandSerializer.Deserialize(body), body);
        }
        catch (WriteCommandFormatException ex)
        {
            return new CommandRead.Unreadable(await ParkUnreadableAsync(body, messageId, ex.Message, cancellationToken).ConfigureAwait(false));
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable write command parked as {ParkedRecordId} on {Connection}: {Error}")]
    private partial void LogUnreadable(string parkedRecordId, string connection, string error);
}

/// <summary>What <see cref="CommandEnvelope.ReadAsync"/> made of a delivery.</summary>
public abstract record CommandRead
{
    private CommandRead()
    {
    }

    /// <summary>A command, with the full body it was read from (the claim-checked one for a pointer message).</summary>
    /// <param name="Command">The command.</param>
    /// <param name="Body">Its JSON, kept as the parked payload should it fail.</param>
    public sealed record Read(WriteCommand Command, string Body) : CommandRead;

    /// <summary>Not a command: already parked.</summary>
    /// <param name="Outcome">The parked outcome to report.</param>
    public sealed record Unreadable(WriteOutcome Outcome) : CommandRead;
}
