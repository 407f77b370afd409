using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Tests.Poll;

/// <summary>
/// An in-memory <c>inv_loc</c> behind the real keyset contract (strictly after (modified, location_id, inv_mast_uid), or
/// after (location_id, inv_mast_uid) in key order, re-queried per page), with one-second timestamps in server-local time, for property tests with many iterations.
/// </summary>
internal sealed class FakeInventoryClient(TimeSpan serverUtcOffset) : P21Client
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Location, int Uid), (DateTimeOffset Modified, decimal Qty, bool Deleted)> _rows = [];

    public int PagesServed { get; private set; }

    public override TimeSpan ServerUtcOffset => serverUtcOffset;

    public void Upsert(int location, int uid, decimal qty, DateTimeOffset modifiedUtc, bool deleted = false)
    {
        lock (_gate)
        {
            // P21 keeps one-second resolution.
            var truncated = new DateTimeOffset(modifiedUtc.UtcTicks - (modifiedUtc.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            _rows[(location, uid)] = (truncated, qty, deleted);
        }
    }

    public IReadOnlyDictionary<string, decimal> LiveQuantities()
    {
        lock (_gate)
        {
            return _rows.Where(r => !r.Value.Deleted).ToDictionary(r => $"IT{r.Key.Uid}@{r.Key.Location}", r => r.Value.Qty);
        }
    }

    public override async IAsyncEnumerable<P21Page> ReadChangedPagesAsync(ChangeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = query.After;
        var pageSize = query.PageSize ?? 100;
        while (true)
        {
            await Task.Yield();
            List<((int Location, int Uid) Key, (DateTimeOffset Modified, decimal Qty, bool Deleted) Value)> page;
            lock (_gate)
            {
                var all = _rows.Select(r => (r.Key, r.Value));
                page = query.Order == PageOrder.Key
                    ? [.. all
                        .Where(r => (query.Since is null || r.Value.Modified >= query.Since) && (after is null || CompareKeys(r.Key, after) > 0))
                        .OrderBy(r => r.Key.Location).ThenBy(r => r.Key.Uid)
                        .Take(pageSize)]
                    : [.. all
                        .Where(r => after is null
                            ? query.Since is null || r.Value.Modified >= query.Since
                            : Compare(r.Value.Modified, r.Key, after) > 0)
                        .OrderBy(r => r.Value.Modified).ThenBy(r => r.Key.Location).ThenBy(r => r.Key.Uid)
                        .Take(pageSize)];
            }

            if (page.Count == 0)
            {
                yield break;
            }

            PagesServed++;
            var rows = page.Select(r => Row(r.Key, r.Value)).ToList();
            var last = page[^1];
            after = Position(last.Key, last.Value.Modified);
            yield return new P21Page(rows, after);
            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }

    public override async Task<KeysetPosition?> ReadNewestPositionAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (_rows.Count == 0)
            {
                return null;
            }

            var newest = _rows.OrderByDescending(r => r.Value.Modified).ThenByDescending(r => r.Key.Location).ThenByDescending(r => r.Key.Uid).First();
            return Position(newest.Key, newest.Value.Modified);
        }
    }

    public override IAsyncEnumerable<P21Row> QueryAsync(ODataQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("inventory needs no lookups");

    private static KeysetPosition Position((int Location, int Uid) key, DateTimeOffset modified) =>
        new(modified, [key.Location.ToString(CultureInfo.InvariantCulture), key.Uid.ToString(CultureInfo.InvariantCulture)]);

    private static int Compare(DateTimeOffset modified, (int Location, int Uid) key, KeysetPosition after)
    {
        var byTime = modified.CompareTo(after.ModifiedUtc);
        return byTime != 0 ? byTime : CompareKeys(key, after);
    }

    private static int CompareKeys((int Location, int Uid) key, KeysetPosition after)
    {
        var byLocation = key.Location.CompareTo(int.Parse(after.Key[0], CultureInfo.InvariantCulture));
        return byLocation != 0 ? byLocation : key.Uid.CompareTo(int.Parse(after.Key[1], CultureInfo.InvariantCulture));
    }

    private P21Row Row((int Location, int Uid) key, (DateTimeOffset Modified, decimal Qty, bool Deleted) value)
    {
        var local = value.Modified.ToOffset(serverUtcOffset);
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["location_id"] = key.Location,
            ["inv_mast_uid"] = key.Uid,
            ["item_id"] = $"IT{key.Uid}",
            ["company_id"] = "1",
            ["qty_on_hand"] = value.Qty,
            ["qty_allocated"] = 0m,
            ["qty_backordered"] = 0m,
            ["qty_in_transit"] = 0m,
            ["delete_flag"] = value.Deleted ? "Y" : "N",
            ["date_last_modified"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        });
        return new P21Row(json, serverUtcOffset);
    }
}

/// <summary>Hands out one fake client under the name <c>fake</c>.</summary>
internal sealed class FakeClientProvider(P21Client client) : IP21ClientProvider
{
    public IReadOnlyCollection<string> ConnectionNames => ["fake"];

    public P21Client Get(string connectionName) => client;
}
