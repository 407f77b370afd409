using P21.Connector.Events;

namespace P21.Cli.Commands.Backfill;

/// <summary>Counts acknowledged events (and forwards them when there is somewhere to send them); keeps none.</summary>
internal sealed class CountingSink(IChangeSink? inner, Action<int>? published = null) : IChangeSink
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task OpenAsync(CancellationToken cancellationToken = default) => inner?.OpenAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (inner is not null)
        {
            await inner.PublishAsync(events, cancellationToken);
        }

        Interlocked.Add(ref _count, events.Count);
        published?.Invoke(events.Count);
    }
}
