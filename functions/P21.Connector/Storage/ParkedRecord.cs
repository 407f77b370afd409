using System.Security.Cryptography;
using System.Text;

namespace P21.Connector.Storage;

/// <summary>What became of a parked record.</summary>
public enum ParkedStatus
{
    /// <summary>Waiting for a fix (mapping, P21 data) and a replay.</summary>
    Parked,

    /// <summary>Sent back to the write queue.</summary>
    Replayed,

    /// <summary>Given up on by an operator.</summary>
    Discarded,
}

/// <summary>A write command that failed permanently, kept whole so it can be fixed and replayed.</summary>
public sealed record ParkedRecord
{
    /// <summary>The P21 connection name.</summary>
    public required string Connection { get; init; }

    /// <summary>Stable id derived from the idempotency key (<see cref="IdFor"/>), safe in URLs and CLI arguments.</summary>
    public required string Id { get; init; }

    /// <summary>The command kind (e.g. <c>sales-order</c>, <c>settlement</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The platform the command came from.</summary>
    public required string Source { get; init; }

    /// <summary>The command's idempotency key; re-parking the same key updates this record.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Why it was parked, in words an operator can act on.</summary>
    public required string Reason { get; init; }

    /// <summary>Specifics, e.g. which lines lacked a mapping (trimmed to 30,000 characters).</summary>
    public string? Details { get; init; }

    /// <summary>The full command JSON. Filled by <see cref="IParkedRecordStore.GetAsync"/>; null in listings, which stream headers only.</summary>
    public string? Payload { get; init; }

    /// <summary>The payload's length in characters (known in listings too).</summary>
    public int PayloadLength { get; init; }

    /// <summary>How many times this key was parked.</summary>
    public int Attempts { get; init; }

    /// <summary>When it was first parked.</summary>
    public DateTimeOffset FirstSeenUtc { get; init; }

    /// <summary>When it was last parked or changed.</summary>
    public DateTimeOffset LastSeenUtc { get; init; }

    /// <summary>What became of it.</summary>
    public ParkedStatus Status { get; init; }

    /// <summary>The record id for an idempotency key: 24 hex digits of its SHA-256.</summary>
    public static string IdFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
    }

    /// <summary>The record as first or again parked, shared by both stores.</summary>
    internal static ParkedRecord Park(ParkedRecord? existing, string connection, ParkRequest request, DateTimeOffset now) => new()
    {
        Connection = connection,
        Id = IdFor(request.IdempotencyKey),
        Kind = request.Kind,
        Source = request.Source,
        IdempotencyKey = request.IdempotencyKey,
        Reason = request.Reason,
        Details = request.Details,
        Payload = request.Payload,
        PayloadLength = request.Payload.Length,
        Attempts = (existing?.Attempts ?? 0) + 1,
        FirstSeenUtc = existing?.FirstSeenUtc ?? now,
        LastSeenUtc = now,
        Status = ParkedStatus.Parked,
    };
}

/// <summary>Which parked record a failure is written to: its connection and the idempotency key its id derives from.</summary>
/// <param name="Connection">The connection the record is stored under.</param>
/// <param name="IdempotencyKey">The record's key (<see cref="ParkedRecord.IdFor"/> of it is the record id).</param>
internal sealed record ParkedRecordKey(string Connection, string IdempotencyKey);

/// <summary>A command to park.</summary>
/// <param name="Kind">The command kind.</param>
/// <param name="Source">The platform the command came from.</param>
/// <param name="IdempotencyKey">The command's idempotency key.</param>
/// <param name="Reason">Why it is parked.</param>
/// <param name="Details">Specifics (which lines, which mapping).</param>
/// <param name="Payload">The full command JSON.</param>
public sealed record ParkRequest(string Kind, string Source, string IdempotencyKey, string Reason, string? Details, string Payload)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Kind);
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentException.ThrowIfNullOrEmpty(IdempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(Reason);
        ArgumentNullException.ThrowIfNull(Payload);
    }
}

/// <summary>Narrows <see cref="IParkedRecordStore.ListAsync"/>; null members match everything.</summary>
/// <param name="Kind">Only records of this command kind.</param>
/// <param name="Status">Only records in this status.</param>
public sealed record ParkedRecordFilter(string? Kind = null, ParkedStatus? Status = null)
{
    internal bool Matches(ParkedRecord record) =>
        (Kind is null || string.Equals(record.Kind, Kind, StringComparison.Ordinal)) && (Status is null || record.Status == Status);
}
