namespace P21.Connector.Commands;

/// <summary>
/// A canonical, versioned request to write to P21 (schema <c>p21.write/1</c>), produced by intake and consumed by
/// the writer. <see cref="CommandId"/> is derived from <see cref="IdempotencyKey"/>, so a retried webhook yields the
/// same id and Service Bus duplicate detection plus the ledger drop it.
/// </summary>
public sealed record WriteCommand(
    string Schema,
    string CommandId,
    WriteCommandKind Kind,
    string Source,
    string ExternalId,
    string IdempotencyKey,
    string Connection,
    DateTimeOffset ReceivedUtc,
    WriteCommandPayload Payload)
{
    /// <summary>The schema identifier this version writes and reads.</summary>
    public const string CurrentSchema = "p21.write/1";

    /// <summary>Builds a command with its normalized idempotency key and deterministic id.</summary>
    public static WriteCommand Create(
        string source, string externalId, string connection, DateTimeOffset receivedUtc, WriteCommandPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var key = Commands.IdempotencyKey.For(source, payload.Kind, externalId);
        return new WriteCommand(
            CurrentSchema,
            Commands.IdempotencyKey.CommandIdOf(key),
            payload.Kind,
            source.Trim().ToLowerInvariant(),
            externalId.Trim(),
            key,
            connection,
            receivedUtc.ToUniversalTime(),
            payload);
    }
}
