using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>Look-ups by key against the sandbox: a dense key range and concurrent <c>or</c>-batches give the rows of exactly the keys asked for.</summary>
public sealed class RowLookupTests : IAsyncLifetime
{
    private SandboxPolling _polling = null!;

    public async Task InitializeAsync() =>
        _polling = await SandboxPolling.StartAsync(new SandboxOptions { Customers = 2, Items = 450, Locations = 1, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 });

    public async Task DisposeAsync() => await _polling.DisposeAsync();

    [Fact]
    public async Task ByKeysAsync_DenseKeys_OneRangeRequestWithoutExtraRows()
    {
        // 120 of the 150 uids from 11 to 160: a range of 150 for 120 keys, so one request; the 30 skipped must not come back.
        var wanted = Enumerable.Range(11, 150).Where(uid => uid % 5 != 0).Select(uid => uid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lookup = new RowLookup(Client);

        var rows = await lookup.ByKeysAsync("inv_mast_ud", "inv_mast_uid", wanted, numeric: true, null, null, CancellationToken.None);

        Assert.Equal(1, lookup.Requests);
        Assert.Equal(await ExpectedAsync(wanted), Uids(rows));
    }

    [Fact]
    public async Task ByKeysAsync_SparseKeys_BatchesGiveTheSameRowsAsOneKeyAtATime()
    {
        // Every seventh uid: a range would read seven rows per wanted one, so or-batches of 50 (two, run side by side).
        var wanted = Enumerable.Range(0, 60).Select(i => (1 + (i * 7)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lookup = new RowLookup(Client, concurrency: 3);

        var rows = await lookup.ByKeysAsync("inv_mast_ud", "inv_mast_uid", wanted, numeric: true, null, null, CancellationToken.None);

        Assert.Equal((wanted.Count + ODataFilter.BatchSize - 1) / ODataFilter.BatchSize, lookup.Requests);
        Assert.Equal(await ExpectedAsync(wanted), Uids(rows));
    }

    [Fact]
    public async Task ByKeysAsync_DenseKeysWithFilter_FilterStillApplies()
    {
        var wanted = Enumerable.Range(1, 100).Select(uid => uid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lookup = new RowLookup(Client);

        var rows = await lookup.ByKeysAsync("inv_mast", "inv_mast_uid", wanted, numeric: true, ["inv_mast_uid", "item_id", "delete_flag"], "delete_flag eq 'N'", CancellationToken.None);

        Assert.Equal(1, lookup.Requests);
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal("N", Flag(row)));
        var all = await lookup.ByKeysAsync("inv_mast", "inv_mast_uid", wanted, numeric: true, ["inv_mast_uid", "delete_flag"], null, CancellationToken.None);
        Assert.Equal(all.Where(r => Flag(r) == "N").Select(r => Uid(r, "inv_mast_uid")).Order(StringComparer.Ordinal), Uids(rows, "inv_mast_uid"));
    }

    private P21Client Client => _polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);

    private static List<string?> Uids(IEnumerable<P21Row> rows, string column = "inv_mast_uid") => [.. rows.Select(r => Uid(r, column)).Order(StringComparer.Ordinal)];

    private static string? Uid(P21Row row, string column) =>
        row.TryGetDecimal(column, out var uid) ? decimal.Truncate(uid).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string? Flag(P21Row row) => row.TryGetString("delete_flag", out var flag) ? flag?.Trim() : null;

    // One key at a time, the slow way that cannot be wrong.
    private async Task<List<string?>> ExpectedAsync(IReadOnlyList<string> wanted)
    {
        var rows = new List<P21Row>();
        foreach (var uid in wanted)
        {
            await foreach (var row in Client.QueryAsync(new ODataQuery("inv_mast_ud", Filter: $"inv_mast_uid eq {uid}", OrderBy: ["inv_mast_uid"])))
            {
                rows.Add(row);
            }
        }

        Assert.NotEmpty(rows);
        return Uids(rows);
    }
}
