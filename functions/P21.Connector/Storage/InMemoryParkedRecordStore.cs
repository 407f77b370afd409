using System.Runtime.CompilerServices;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IParkedRecordStore"/>.</summary>
public sealed class InMemoryParkedRecordStore(TimeProvider timeProvider) : IParkedRecordStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Connection, string Id), ParkedRecord> _records = [];

    /// <inheritdoc />
    public Task<ParkedRecord> ParkAsync(string connection, ParkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            string id = ParkedRecord.IdFor(request.IdempotencyKey);
            var parked = ParkedRecord.Park(_records.GetValueOrDefault((connection, id)), connection, request with { Details = TableText.Fit(request.Details) }, now);
            _records[(connection, id)] = parked;
            return Task.FromResult(parked);
        }
    }

    /// <inheritdoc />
    public Task<ParkedRecord?> GetAsync(string connection, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault((connection, id)));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ParkedRecord> ListAsync(string connection, ParkedRecordFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ParkedRecord[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _records.Where(pair => pair.Key.Connection == connection).Select(pair => pair.Value).OrderBy(record => record.Id, StringComparer.Ordinal)];
        }

        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filter?.Matches(record) ?? true)
            {
                await Task.Yield();
                yield return record with { Payload = null };
            }
        }
    }

    /// <inheritdoc />
    public Task<ParkedRecord?> UpdatePayloadAsync(string connection, string id, string payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Change(connection, id, (record, now) => record with { Payload = payload, PayloadLength = payload.Length, LastSeenUtc = now }, includePayload: true);
    }

    /// <inheritdoc />
    public Task<ParkedRecord?> MarkReplayedAsync(string connection, string id, CancellationToken cancellationToken = default) =>
        Change(connection, id, (record, now) => record with { Status = ParkedStatus.Replayed, LastSeenUtc = now }, includePayload: false);

    /// <inheritdoc />
    public Task<ParkedRecord?> MarkDiscardedAsync(string connection, string id, CancellationToken cancellationToken = default) =>
        Change(connection, id, (record, now) => record with { Status = ParkedStatus.Discarded, LastSeenUtc = now }, includePayload: false);

    private Task<ParkedRecord?> Change(string connection, string id, Func<ParkedRecord, DateTimeOffset, ParkedRecord> change, bool includePayload)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_records.TryGetValue((connection, id), out var record))
            {
                return Task.FromResult<ParkedRecord?>(null);
            }

            var changed = change(record, now);
            _records[(connection, id)] = changed;
            // Like the table store: status changes do not read the payload back.
            return Task.FromResult<ParkedRecord?>(includePayload ? changed : changed with { Payload = null });
        }
    }
}
