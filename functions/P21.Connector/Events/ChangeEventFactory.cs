using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace P21.Connector.Events;

/// <summary>
/// Builds change events. Ids are deterministic: the same record state (same source, key and content fingerprint) always
/// gets the same id, so a re-published page after a crash is dropped by consumers and by Service Bus duplicate detection.
/// </summary>
public static class ChangeEventFactory
{
    /// <summary>
    /// The version of a record state: lowercase hex SHA-256 of its canonical JSON, prefixed with <c>deleted:</c> for a
    /// soft-deleted record so a delete is a new version even when the row's values did not change.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<byte> canonicalJson, bool deleted)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        if (deleted)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData("deleted:"u8);
            hash.AppendData(canonicalJson);
            hash.GetHashAndReset(digest);
        }
        else
        {
            // One-shot: a backfill hashes every record, and an incremental hash costs a native context per call.
            SHA256.HashData(canonicalJson, digest);
        }

        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// The event id: the first 128 bits of SHA-256 over <c>source \n subject \n version</c>, as 32 lowercase hex digits.
    /// The source carries the connection, so two P21 installations with the same record never share an id.
    /// </summary>
    public static string EventId(string source, string subject, string version)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(version);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{subject}\n{version}"), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary><c>p21://{connection}/{entity}</c>, the connection name URI-escaped.</summary>
    public static string Source(string connection, string entity)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        return $"p21://{Uri.EscapeDataString(connection)}/{Uri.EscapeDataString(entity)}";
    }

    /// <summary><c>p21.{eventName}.changed</c> or <c>p21.{eventName}.deleted</c>.</summary>
    public static string Type(string eventName, bool deleted)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return $"p21.{eventName}.{(deleted ? "deleted" : "changed")}";
    }

    /// <summary>Builds the event of one record state.</summary>
    /// <param name="connection">The P21 connection name.</param>
    /// <param name="entity">The catalogue entity name (e.g. <c>sales-orders</c>).</param>
    /// <param name="eventName">The singular event name (e.g. <c>salesorder</c>).</param>
    /// <param name="key">The record key, used as subject.</param>
    /// <param name="version">The record's fingerprint (<see cref="Fingerprint"/>).</param>
    /// <param name="deleted">True for a soft delete.</param>
    /// <param name="time">When the record last changed in P21 (UTC).</param>
    /// <param name="data">The canonical JSON of the record (the last known state for a delete).</param>
    public static ChangeEvent Create(string connection, string entity, string eventName, string key, string version, bool deleted,
        DateTimeOffset time, ReadOnlyMemory<byte> data)
    {
        var source = Source(connection, entity);
        return new ChangeEvent(EventId(source, key, version), source, Type(eventName, deleted), key, time.ToUniversalTime(), JsonElement.Parse(data.Span));
    }
}
