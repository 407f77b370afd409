namespace P21.Connector.Events;

/// <summary>Where change and result events go (Service Bus topic, storage queue, signed webhook, NDJSON).</summary>
public interface IChangeSink
{
    /// <summary>
    /// Publishes a batch. Returning normally means every event was acknowledged; only then may a caller commit
    /// a watermark. Throws when any event was not acknowledged (a partial batch is re-published with the same ids).
    /// </summary>
    Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default);
}
