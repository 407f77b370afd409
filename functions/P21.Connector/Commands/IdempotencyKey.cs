using System.Security.Cryptography;
using System.Text;

namespace P21.Connector.Commands;

/// <summary>
/// The key that makes a write happen at most once: <c>{source}:{kind}:{externalId}</c>, normalized so a webhook
/// retry (or the same order arriving twice) yields the same key and therefore the same command id.
/// </summary>
public static class IdempotencyKey
{
    /// <summary>
    /// Builds the normalized key. Source and external id are trimmed and lower-cased (invariant): platform order ids
    /// are numeric or case-insensitive, and a trailing space from a hand-built feed must not create a second order.
    /// </summary>
    public static string For(string source, WriteCommandKind kind, string externalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        return string.Concat(
            source.Trim().ToLowerInvariant(), ":",
            kind.Name, ":",
            externalId.Trim().ToLowerInvariant());
    }

    /// <summary>The command id derived from a key: lower-case hex SHA-256 of its UTF-8 bytes (64 chars, a valid Service Bus message id).</summary>
    public static string CommandIdOf(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
    }
}
