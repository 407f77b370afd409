using System.Net.Http.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll.Availability;
using P21.IntegrationTests.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Availability;

/// <summary><see cref="InventoryAvailability"/> against the sandbox over real HTTP, with a controllable clock.</summary>
public sealed class InventoryAvailabilityTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
    private SandboxPolling _polling = null!;
    private HttpClient _http = null!;

    private InventoryAvailability Sut => _polling.Services.GetRequiredService<InventoryAvailability>();

    private SandboxStats Stats => _polling.Sandbox.Stats;

    public async Task InitializeAsync()
    {
        _polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 2, Items = 80, Locations = 3, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 },
            [
                // One page per batch, so request counts show the batching.
                new("P21:Connections:sandbox:PageSize", "1000"),
                new("P21:Availability:CacheDuration", "00:00:30"),
            ],
            _time);
        _http = new HttpClient { BaseAddress = _polling.Sandbox.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _polling.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_OneItem_EveryLocationWithQuantities()
    {
        var itemId = (await LiveItemIdsAsync(1))[0];
        var expected = await InvLocAsync($"item_id eq '{itemId}'");

        var availability = await Sut.GetAsync(SandboxPolling.Connection, itemId);

        Assert.NotNull(availability);
        Assert.Equal(itemId, availability.ItemId);
        Assert.Equal(3, availability.Locations.Count);
        Assert.Equal(expected.Select(r => r.GetDecimal("location_id").ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), availability.Locations.Select(l => l.LocationId));
        Assert.Equal(expected.Sum(r => r.GetDecimal("qty_on_hand")), availability.TotalOnHand);
        Assert.Equal(_time.GetUtcNow(), availability.RetrievedUtc);
    }

    [Fact]
    public async Task GetAsync_SixtyItems_OrChainedBatchesSameAsSingleReads()
    {
        var ids = await LiveItemIdsAsync(60);
        Stats.Reset();

        var batch = await Sut.GetAsync(SandboxPolling.Connection, [.. ids, "NO-SUCH-ITEM"]);

        // 60 ids = two or-chains (50 + 10) on inv_loc, plus one inv_mast read for the id stocked nowhere.
        Assert.Equal(3, Stats.Requests("odata"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), batch.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("NO-SUCH-ITEM", batch.Keys);
        _time.Advance(TimeSpan.FromMinutes(1));
        foreach (var id in ids.Take(5).Concat(ids.TakeLast(5)))
        {
            var single = await Sut.GetAsync(SandboxPolling.Connection, id);
            Assert.Equal(batch[id].Locations, single!.Locations);
        }
    }

    [Fact]
    public async Task GetAsync_UnknownAndSoftDeletedItems_NullAndAbsent()
    {
        // Seed item 40 is soft-deleted (every 40th): it is as unknown as an id that never existed.
        var deleted = (await Rows("inv_mast", "delete_flag eq 'Y'", ["item_id"])).Select(r => r.GetString("item_id")!.Trim()).First();

        Assert.Null(await Sut.GetAsync(SandboxPolling.Connection, "NO-SUCH-ITEM"));
        Assert.Null(await Sut.GetAsync(SandboxPolling.Connection, deleted));
        Assert.Empty(await Sut.GetAsync(SandboxPolling.Connection, ["NO-SUCH-ITEM", deleted]));
    }

    [Theory]
    [InlineData("BOLT/3-8 X 2")]
    [InlineData("A+B#C&D")]
    [InlineData("O'REILLY 1/2\"")]
    [InlineData("50% OFF?")]
    public async Task GetAsync_ItemIdWithUrlAndQuoteCharacters_FoundExactly(string itemId)
    {
        await PutAsync("inv_mast", new { inv_mast_uid = 990001, item_id = itemId, item_desc = "Odd id" });
        await PutAsync("inv_loc", new { company_id = "1", location_id = 10, inv_mast_uid = 990001, item_id = itemId, qty_on_hand = 7, qty_allocated = 2 });
        // A near miss: the same id without its odd characters must not match.
        await PutAsync("inv_mast", new { inv_mast_uid = 990002, item_id = "BOLT", item_desc = "Plain" });

        var one = await Sut.GetAsync(SandboxPolling.Connection, itemId);
        var many = await Sut.GetAsync(SandboxPolling.Connection, [itemId, "BOLT", "NO-SUCH-ITEM"]);

        var level = Assert.Single(one!.Locations);
        Assert.Equal(itemId, level.ItemId);
        Assert.Equal(5m, level.Available);
        Assert.Equal(new[] { itemId, "BOLT" }.Order(StringComparer.Ordinal), many.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(many["BOLT"].Locations);
    }

    [Fact]
    public async Task GetAsync_SecondCallInsideCacheDuration_NoP21Request()
    {
        var ids = await LiveItemIdsAsync(3);
        var first = await Sut.GetAsync(SandboxPolling.Connection, ids);
        Assert.Null(await Sut.GetAsync(SandboxPolling.Connection, "NO-SUCH-ITEM"));
        Stats.Reset();
        _time.Advance(TimeSpan.FromSeconds(29));

        var second = await Sut.GetAsync(SandboxPolling.Connection, ids);
        var unknownAgain = await Sut.GetAsync(SandboxPolling.Connection, "NO-SUCH-ITEM");

        Assert.Equal(0, Stats.TotalRequests);
        Assert.Null(unknownAgain);
        Assert.Same(first[ids[0]], second[ids[0]]);
    }

    [Fact]
    public async Task GetAsync_AfterExpiry_ReadsAgainAndSeesStockChange()
    {
        var itemId = (await LiveItemIdsAsync(1))[0];
        var before = await Sut.GetAsync(SandboxPolling.Connection, itemId);
        var location = before!.Locations[0];
        using (var response = await _http.PostAsJsonAsync("_sandbox/stock", new { itemId, locationId = location.LocationId, qtyOnHand = location.OnHand + 123 }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var cached = await Sut.GetAsync(SandboxPolling.Connection, itemId);
        Stats.Reset();
        _time.Advance(TimeSpan.FromSeconds(31));
        var fresh = await Sut.GetAsync(SandboxPolling.Connection, itemId);

        Assert.Equal(location.OnHand, cached!.Locations[0].OnHand);
        Assert.True(Stats.Requests("odata") >= 1);
        Assert.Equal(location.OnHand + 123, fresh!.Locations[0].OnHand);
        Assert.Equal(_time.GetUtcNow(), fresh.RetrievedUtc);
    }

    [Fact]
    public async Task GetAsync_TooManyOrNoIds_ArgumentExceptionWithoutP21Request()
    {
        Stats.Reset();

        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => Sut.GetAsync(SandboxPolling.Connection, [.. Enumerable.Range(0, 501).Select(i => $"I{i}")]));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.GetAsync(SandboxPolling.Connection, [" ", ""]));

        Assert.Contains("at most 500", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(0, Stats.TotalRequests);
    }

    private async Task<List<string>> LiveItemIdsAsync(int count) =>
        [.. (await Rows("inv_mast", "delete_flag eq 'N'", ["item_id"])).Select(r => r.GetString("item_id")!.Trim()).Take(count)];

    private Task<List<P21Row>> InvLocAsync(string filter) => Rows("inv_loc", ODataFilterAnd(filter, "delete_flag eq 'N'"), ["item_id", "location_id", "qty_on_hand"]);

    private static string ODataFilterAnd(string a, string b) => $"{a} and {b}";

    private async Task<List<P21Row>> Rows(string table, string filter, IReadOnlyList<string> select)
    {
        var client = _polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);
        var rows = new List<P21Row>();
        await foreach (var row in client.QueryAsync(new ODataQuery(table, Filter: filter, Select: select, OrderBy: select)))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task PutAsync(string table, object row)
    {
        using var response = await _http.PutAsJsonAsync($"_sandbox/rows/{table}", row);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
