using P21.Connector.Commands;

namespace P21.Connector.Inbound;

/// <summary>The last accepted storefront orders, newest first (for <c>p21 orders dry-run --last N</c>).</summary>
public interface IRecentOrders
{
    /// <summary>Remembers an accepted order command.</summary>
    void Add(WriteCommand command);

    /// <summary>Up to <paramref name="count"/> of the most recent orders, newest first.</summary>
    IReadOnlyList<WriteCommand> Latest(int count);
}

/// <summary>An in-memory ring buffer: bounded, thread-safe, lost on restart (it is a diagnostic aid, not a store).</summary>
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
    public void Add(WriteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            _items[_next] = command;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<WriteCommand> Latest(int count)
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

            return result;
        }
    }
}