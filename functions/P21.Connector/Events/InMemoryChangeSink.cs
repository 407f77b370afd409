namespace P21.Connector.Events;

/// <summary>Keeps published events in memory, in order (tests, the CLI demo). Thread-safe.</summary>
public sealed class InMemoryChangeSink : IChangeSink
{
    private readonly Lock _gate = new();
    private readonly List<ChangeEvent> _events = [];

    /// <summary>A snapshot of every event published so far.</summary>
    public IReadOnlyList<ChangeEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Forgets every event.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }

    /// <inheritdoc />
    public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _events.AddRange(events);
        }

        return Task.CompletedTask;
    }
}
