using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Connector.Poll.Availability;

/// <summary>
/// Live quantities of items by location, read from <c>inv_loc</c> over OData (<c>or</c>-chained batches for many items,
/// never <c>in</c>) and cached briefly, so a storefront's product page does not hit P21 on every view.
/// </summary>
public sealed class InventoryAvailability
{
    private static readonly IReadOnlyList<string> Columns = new InventoryEntity().Primary.Select;

    private readonly IP21ClientProvider _clients;
    private readonly ClockedCache _cache;
    private readonly IOptionsMonitor<AvailabilityOptions> _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the lookup.</summary>
    public InventoryAvailability(IP21ClientProvider clients, IMemoryCache cache, IOptionsMonitor<AvailabilityOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _clients = clients;
        _cache = new ClockedCache(cache, time);
        _options = options;
        _time = time;
    }

    /// <summary>Stock of one item at every location, or null when P21 knows no such item (the HTTP function answers 404).</summary>
    /// <exception cref="ArgumentException"><paramref name="itemId"/> is empty.</exception>
    public async Task<ItemAvailability?> GetAsync(string connection, string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        var found = await GetAsync(connection, [itemId], cancellationToken).ConfigureAwait(false);
        return found.GetValueOrDefault(itemId.Trim());
    }

    /// <summary>Stock of several items; unknown items are absent from the result.</summary>
    /// <exception cref="ArgumentException">No ids, or more than <see cref="AvailabilityOptions.MaxItemsPerCall"/>.</exception>
    public async Task<IReadOnlyDictionary<string, ItemAvailability>> GetAsync(string connection, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(itemIds);
        var options = _options.CurrentValue;
        var wanted = itemIds.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new ArgumentException("At least one item id is needed.", nameof(itemIds));
        }

        if (wanted.Count > options.MaxItemsPerCall)
        {
            throw new ArgumentException($"{wanted.Count} item ids were asked for; at most {options.MaxItemsPerCall} are allowed per call.", nameof(itemIds));
        }

        var result = new Dictionary<string, ItemAvailability>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var itemId in wanted)
        {
            if (_cache.TryGet(CacheKey(connection, itemId), out ItemAvailability? cached))
            {
                if (cached is not null)
                {
                    result[itemId] = cached;
                }
            }
            else
            {
                missing.Add(itemId);
            }
        }

        if (missing.Count > 0)
        {
            var read = await ReadAsync(connection, missing, cancellationToken).ConfigureAwait(false);
            foreach (var itemId in missing)
            {
                var availability = read.GetValueOrDefault(itemId);
                _cache.Set(CacheKey(connection, itemId), availability, options.CacheDuration);

                if (availability is not null)
                {
                    result[itemId] = availability;
                }
            }
        }

        return result;
    }

    private async Task<Dictionary<string, ItemAvailability>> ReadAsync(string connection, IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        var client = _clients.Get(connection);
        var lookup = new RowLookup(client);
        var rows = await lookup.ByKeysAsync("inv_loc", "item_id", itemIds, numeric: false, Columns, "delete_flag eq 'N'", cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var byItem = rows.Select(InventoryEntity.Map).OfType<Events.Records.InventoryLevel>()
            .GroupBy(l => l.ItemId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ItemAvailability(g.Key, [.. g.OrderBy(l => l.LocationId, StringComparer.Ordinal)], now), StringComparer.Ordinal);

        // An item that exists but is stocked nowhere is known (zero stock), not a 404.
        var unstocked = itemIds.Where(i => !byItem.ContainsKey(i)).ToList();
        if (unstocked.Count > 0)
        {
            var items = await lookup.ByKeysAsync("inv_mast", "item_id", unstocked, numeric: false, ["item_id"], "delete_flag eq 'N'", cancellationToken).ConfigureAwait(false);
            foreach (var itemId in items.Select(i => i.Text("item_id")).OfType<string>())
            {
                byItem[itemId] = new ItemAvailability(itemId, [], now);
            }
        }

        return byItem;
    }

    private static string CacheKey(string connection, string itemId) => $"p21:availability:{connection}:{itemId}";

}
