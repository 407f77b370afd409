using P21.Connector.Commands;

namespace P21.Connector.Intake;

/// <summary>An in-memory ring buffer: bounded, thread-safe, lost on restart (the <c>memory</c> storage mode).</summary>
public sealed class RecentOrdersBuffer : IRecentOrders
{
    private readonly Lock _gate = new();
    private readonly WriteCommand[] _items;
    private int _next;
    private int _count;

    /// <summary>Creates a buffer holding at most <paramref name="capacity"/> orders.</summary>
    public RecentOrdersBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new WriteCommand[capacity];
    }

    /// <inheritdoc/>
    public Task AddAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            _items[_next] = command;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WriteCommand>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            var take = Math.Min(count, _count);
            var result = new WriteCommand[take];
            for (var i = 0; i < take; i++)
            {
                result[i] = _items[(_next - 1 - i + _items.Length) % _items.Length];
            }

            return Task.FromResult<IReadOnlyList<WriteCommand>>(result);
        }
    }
}
