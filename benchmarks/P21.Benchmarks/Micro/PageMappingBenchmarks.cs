using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

using BenchmarkDotNet.Attributes;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Benchmarks.Micro;

/// <summary>
/// Our CPU per backfill page of 1000 items, without HTTP: map <c>inv_mast</c> rows (custom fields from an in-memory
/// <c>inv_mast_ud</c> page) to canonical records, then fingerprint them and build their CloudEvents. The end-to-end
/// bench (<c>bench backfill</c>) shows whether this cost hides behind P21's serve time.
/// </summary>
[MemoryDiagnoser]
public class PageMappingBenchmarks
{
    private const int Rows = 1000;
    private IReadOnlyList<P21Row> _items = null!;
    private RowLookup _lookup = null!;
    private IReadOnlyList<EntityRecord> _records = null!;
    private readonly ItemsEntity _entity = new();

    /// <summary>Builds a page shaped like the sandbox seed and maps it once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _items = [.. Enumerable.Range(1, Rows).Select(ItemRow)];
        _lookup = new RowLookup(new UdPageClient([.. Enumerable.Range(1, Rows).Select(UdRow)]));
        _records = MapItems().GetAwaiter().GetResult();
    }

    /// <summary>Maps one page (look-up served from memory).</summary>
    [Benchmark]
    public async Task<IReadOnlyList<EntityRecord>> MapItems() => await _entity.MapAsync(_items, _lookup, CancellationToken.None);

    /// <summary>Fingerprints one page of records and builds their events.</summary>
    [Benchmark]
    public int EventsOfPage()
    {
        var count = 0;
        foreach (var record in _records)
        {
            var version = ChangeEventFactory.Fingerprint(record.CanonicalJson.Span, record.Deleted);
            count += ChangeEventFactory.Create("bench", "items", "item", record.Key, version, record.Deleted, record.ModifiedUtc!.Value, record.CanonicalJson).Id.Length;
        }

        return count;
    }

    private static P21Row ItemRow(int uid) => Row(new Dictionary<string, object?>
    {
        ["inv_mast_uid"] = uid,
        ["item_id"] = $"FB-{uid:D6}",
        ["item_desc"] = $"Hex bolt 3/8-16 x {uid % 12 + 1} in, zinc",
        ["extended_desc"] = "Hex bolt, grade 5, packaged for industrial resale",
        ["keywords"] = "bolts fastener",
        ["default_selling_unit"] = "EA",
        ["base_unit"] = "EA",
        ["weight"] = 0.125m,
        ["net_weight"] = 0.125m,
        ["upc_or_ean"] = (700_000_000_000L + uid).ToString(CultureInfo.InvariantCulture),
        ["default_product_group"] = "BOLTS",
        ["class_id1"] = "BOLTS",
        ["suppress_from_web_flag"] = "N",
        ["inactive"] = "N",
        ["discontinued_date"] = null,
        ["price1"] = 1.25m,
        ["price2"] = 1.13m,
        ["price3"] = 1.0m,
        ["delete_flag"] = "N",
        ["date_last_modified"] = "2025-03-01T10:15:00",
    });

    private static P21Row UdRow(int uid) => Row(new Dictionary<string, object?>
    {
        ["inv_mast_uid"] = uid,
        ["inv_mast_ud_uid"] = uid,
        ["web_category"] = "BOLTS",
        ["date_created"] = "2025-03-01T10:15:00",
        ["date_last_modified"] = "2025-03-01T10:15:00",
    });

    private static P21Row Row(Dictionary<string, object?> columns) => new(JsonSerializer.SerializeToElement(columns), TimeSpan.FromHours(-5));

    // Serves every inv_mast_ud row whatever the filter: the page's keys are exactly the rows it holds.
    private sealed class UdPageClient(IReadOnlyList<P21Row> rows) : P21Client
    {
        public override async IAsyncEnumerable<P21Row> QueryAsync(ODataQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask.ConfigureAwait(false);
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }
}
