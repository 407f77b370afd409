namespace P21.Connector.Events;

/// <summary>Where change and result events go (Service Bus topic, storage queue, signed webhook, NDJSON).</summary>
public interface IChangeSink
{
    /// <summary>
    /// Publishes a batch. Returning normally means every event was acknowledged; only then may a caller commit
    /// a watermark. Throws when any event was not acknowledged (a partial batch is re-published with the same ids).
    /// </summary>
    Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called once a run owns its entity (lease taken), before anything is read or published: a sink that writes a
    /// file opens it here, so a run skipped for a held lease never touches the file.
    /// </summary>
    Task OpenAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
