namespace P21.Connector.Write;

/// <summary>
/// Another worker (usually on another host) holds the processing claim of this command's idempotency key. Transient:
/// let the queue redeliver the message later; by then the other worker has committed, parked or died (its claim lapsed).
/// </summary>
public sealed class WriteBusyException : Exception
{
    /// <summary>Creates the exception for <paramref name="idempotencyKey"/>, naming the holder when known.</summary>
    public WriteBusyException(string idempotencyKey, string? owner, DateTimeOffset? expiresUtc)
        : base($"Idempotency key '{idempotencyKey}' is being written by {owner ?? "another worker"}{(expiresUtc is { } until ? $" (claim until {until:O})" : "")}; redeliver later.")
    {
        IdempotencyKey = idempotencyKey;
        Owner = owner;
        ExpiresUtc = expiresUtc;
    }

    /// <summary>Creates the exception.</summary>
    public WriteBusyException()
        : base("Another worker is writing this command; redeliver later.")
    {
        IdempotencyKey = "";
    }

    /// <summary>Creates the exception.</summary>
    public WriteBusyException(string message)
        : base(message)
    {
        IdempotencyKey = "";
    }

    /// <summary>Creates the exception.</summary>
    public WriteBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
        IdempotencyKey = "";
    }

    /// <summary>The contended key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The claim holder, when it could be read.</summary>
    public string? Owner { get; }

    /// <summary>When the holder's claim lapses unless renewed.</summary>
    public DateTimeOffset? ExpiresUtc { get; }
}
