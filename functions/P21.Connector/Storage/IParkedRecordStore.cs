namespace P21.Connector.Storage;

/// <summary>Parked write commands per connection, keyed by idempotency key.</summary>
public interface IParkedRecordStore
{
    /// <summary>Parks a command; parking the same idempotency key again replaces reason and payload and counts an attempt.</summary>
    Task<ParkedRecord> ParkAsync(string connection, ParkRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a record with its payload, or null when there is none.</summary>
    Task<ParkedRecord?> GetAsync(string connection, string id, CancellationToken cancellationToken = default);

    /// <summary>Streams records (without payloads) page by page.</summary>
    IAsyncEnumerable<ParkedRecord> ListAsync(string connection, ParkedRecordFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the payload (an operator's fix); null when there is no such record.</summary>
    Task<ParkedRecord?> UpdatePayloadAsync(string connection, string id, string payload, CancellationToken cancellationToken = default);

    /// <summary>Marks the record replayed; null when there is no such record. The result carries no payload.</summary>
    Task<ParkedRecord?> MarkReplayedAsync(string connection, string id, CancellationToken cancellationToken = default);

    /// <summary>Marks the record discarded; null when there is no such record. The result carries no payload.</summary>
    Task<ParkedRecord?> MarkDiscardedAsync(string connection, string id, CancellationToken cancellationToken = default);
}
