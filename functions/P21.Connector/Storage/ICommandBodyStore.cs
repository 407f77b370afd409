namespace P21.Connector.Storage;

/// <summary>
/// Holds the body of a write command too large for a queue message (the claim-check pattern): intake stores it here
/// and enqueues a small pointer; the writer reads it back. Keyed by connection and command id.
/// </summary>
public interface ICommandBodyStore
{
    /// <summary>Stores (or replaces) the body of <paramref name="commandId"/>.</summary>
    Task PutAsync(string connection, string commandId, string body, CancellationToken cancellationToken = default);

    /// <summary>The stored body, or null when there is none (never stored, or deleted).</summary>
    Task<string?> GetAsync(string connection, string commandId, CancellationToken cancellationToken = default);

    /// <summary>Removes the body; a missing body is fine.</summary>
    Task DeleteAsync(string connection, string commandId, CancellationToken cancellationToken = default);
}
