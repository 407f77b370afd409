using P21.Connector.Events;

namespace P21.Benchmarks.EndToEnd;

/// <summary>A sink that acknowledges at once and keeps only a count, so the bench measures the runner, not a consumer.</summary>
internal sealed class CountingSink : IChangeSink
{
    private long _events;

    public long Events => Interlocked.Read(ref _events);

    public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        Interlocked.Add(ref _events, events.Count);
        return Task.CompletedTask;
    }
}
