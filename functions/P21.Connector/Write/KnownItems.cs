using System.Collections.Concurrent;

using Microsoft.Extensions.Options;

namespace P21.Connector.Write;

/// <summary>
/// The P21 items this process has seen a SKU match in <c>inv_mast</c>, per connection, for
/// <see cref="WriterOptions.ItemCacheTtl"/> and at most <see cref="WriterOptions.ItemCacheSize"/> SKUs, so a repeat SKU
/// costs no P21 read. Only found items are kept: an unknown SKU is looked up again on the replay after its fix. A refused
/// write forgets the items it matched (<see cref="Forget"/>, from <see cref="CommandDispatch"/>): an item deleted or
/// renamed in P21 since is looked up afresh on the replay. The cache is per process; each host warms its own.
/// </summary>
internal sealed class KnownItems(TimeProvider time, IOptionsMonitor<WriterOptions> options)
{
    private readonly ConcurrentDictionary<(string Connection, string Sku), (string ItemId, DateTimeOffset Expires)> _items = new();

    /// <summary>The cached item of <paramref name="sku"/>, if it has not expired.</summary>
    public bool TryGet(string connection, string sku, out string itemId)
    {
        if (_items.TryGetValue((connection, sku), out var entry) && entry.Expires > time.GetUtcNow())
        {
            itemId = entry.ItemId;
            return true;
        }

        itemId = "";
        return false;
    }

    /// <summary>Keeps what P21 answered for <paramref name="sku"/>.</summary>
    public void Remember(string connection, string sku, string itemId)
    {
        WriterOptions writer = options.CurrentValue;
        if (writer.ItemCacheSize <= 0 || writer.ItemCacheTtl <= TimeSpan.Zero)
        {
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (_items.Count >= writer.ItemCacheSize)
        {
            foreach (var expired in _items.Where(e => e.Value.Expires <= now))
            {
                _items.TryRemove(expired);
            }

            // Still full of live entries: start over rather than track recency on every hit; the bound is what matters.
            if (_items.Count >= writer.ItemCacheSize)
            {
                _items.Clear();
            }
        }

        _items[(connection, sku)] = (itemId, now + writer.ItemCacheTtl);
    }

    /// <summary>Forgets every SKU of <paramref name="connection"/> cached as one of <paramref name="itemIds"/>.</summary>
    public void Forget(string connection, IEnumerable<string> itemIds)
    {
        var forget = new HashSet<string>(itemIds, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _items.Where(e => e.Key.Connection == connection && forget.Contains(e.Value.ItemId)))
        {
            _items.TryRemove(entry);
        }
    }
}
