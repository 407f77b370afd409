using System.Text.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

public class P21ClientReadTests
{
    [Fact]
    public async Task QueryAsync_OffsetPages_ReturnsEveryRowOnce()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 33 });

        List<P21Row> rows = await ToListAsync(p21.Client.QueryAsync(new ODataQuery("customer", OrderBy: ["company_id", "customer_id"], PageSize: 7)));

        Assert.Equal(33, rows.Count);
        Assert.Equal(33, rows.Select(P21ClientAuthTests.Key).Distinct().Count());
        Assert.Equal(33, await p21.Client.CountAsync("customer", null));
    }

    [Fact]
    public async Task QueryAsync_FilterWithQuotesAndSelect_ReachesP21Escaped()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 10 });
        List<P21Row> all = await ToListAsync(p21.Client.QueryAsync(new ODataQuery("customer", OrderBy: ["customer_id"])));
        string name = all[3].GetString("customer_name")!;

        List<P21Row> found = await ToListAsync(p21.Client.QueryAsync(new ODataQuery(
            "customer",
            Filter: $"customer_name eq {ODataLiterals.String(name)} or customer_name eq {ODataLiterals.String("O'Brien & Sons")}",
            Select: ["customer_id", "customer_name"],
            OrderBy: ["customer_id"])));

        P21Row row = Assert.Single(found);
        Assert.Equal(name, row.GetString("customer_name"));
        Assert.False(row.Contains("credit_limit"));
    }

    [Fact]
    public async Task ReadChangedPages_ManyTies_VisitsEveryRowOnceInKeysetOrder()
    {
        // inv_loc: every location row of an item shares its timestamp, and company_id ties on every row, so the
        // predicate has to fall through modified → company_id → location_id → inv_mast_uid.
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Items = 40, Locations = 3 });
        string[] keys = ["company_id", "location_id", "inv_mast_uid"];
        List<P21Row> all = await ToListAsync(p21.Client.QueryAsync(new ODataQuery("inv_loc", OrderBy: ["date_last_modified", .. keys], PageSize: 500)));
        Assert.Equal(120, all.Count);
        Assert.True(all.Select(r => r.GetDateTimeOffset("date_last_modified")).Distinct().Count() <= 40, "the seed must produce ties");

        var seen = new List<string>();
        var pages = new List<P21Page>();
        await foreach (P21Page page in p21.Client.ReadChangedPagesAsync(new ChangeQuery("inv_loc", keys, Select: ["qty_on_hand"], PageSize: 4)))
        {
            pages.Add(page);
            seen.AddRange(page.Rows.Select(LocKey));
        }

        Assert.Equal(all.Select(LocKey), seen);
        Assert.Equal(30, pages.Count);
        Assert.All(pages, p => Assert.Equal(p.Rows[^1].GetDateTimeOffset("date_last_modified").ToUniversalTime(), p.Last!.ModifiedUtc));
        Assert.All(pages, p => Assert.Equal(TimeSpan.Zero, p.Last!.ModifiedUtc.Offset));
        Assert.All(pages, p => Assert.StartsWith("'", p.Last!.Key[0], StringComparison.Ordinal)); // company_id is a string: quoted
        Assert.All(pages, p => Assert.DoesNotContain("'", p.Last!.Key[2], StringComparison.Ordinal)); // inv_mast_uid is a number
    }

    private static string LocKey(P21Row row) => $"{row.GetString("location_id")}/{row.GetInt64("inv_mast_uid")}";

    [Fact]
    public async Task ReadChangedPages_ResumeFromMiddlePosition_ReturnsOnlyLaterRows()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 30, UtcOffset = TimeSpan.FromHours(-7) });
        var query = new ChangeQuery("customer", ["company_id", "customer_id"], PageSize: 8);
        List<P21Page> pages = await ToListAsync(p21.Client.ReadChangedPagesAsync(query));
        List<string> all = [.. pages.SelectMany(p => p.Rows).Select(P21ClientAuthTests.Key)];

        List<string> resumed = await P21ClientAuthTests.KeysAsync(p21.Client.ReadChangedPagesAsync(query with { After = pages[1].Last }));

        Assert.Equal(all.Skip(16), resumed);
    }

    [Fact]
    public async Task ReadChangedPages_Since_IsInclusiveAndServerOffsetAware()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 30, UtcOffset = TimeSpan.FromHours(5.5) });
        List<P21Row> all = [.. (await ToListAsync(p21.Client.ReadChangedPagesAsync(new ChangeQuery("customer", ["company_id", "customer_id"])))).SelectMany(p => p.Rows)];
        DateTimeOffset pivot = all[all.Count / 2].GetDateTimeOffset("date_last_modified");

        List<P21Row> since = [.. (await ToListAsync(p21.Client.ReadChangedPagesAsync(
            new ChangeQuery("customer", ["company_id", "customer_id"]) { Since = pivot.ToUniversalTime() }))).SelectMany(p => p.Rows)];

        Assert.Equal(all.Where(r => r.GetDateTimeOffset("date_last_modified") >= pivot).Select(P21ClientAuthTests.Key), since.Select(P21ClientAuthTests.Key));
    }

    [Fact]
    public async Task ReadChangedPages_KeyOrder_WalksTheKeyOnceAndResumes()
    {
        // inv_loc's timestamps follow the item, not (location_id, inv_mast_uid): a date-ordered walk would interleave locations.
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Items = 40, Locations = 3 });
        string[] keys = ["location_id", "inv_mast_uid"];
        List<P21Row> all = await ToListAsync(p21.Client.QueryAsync(new ODataQuery("inv_loc", OrderBy: keys, PageSize: 500)));
        var query = new ChangeQuery("inv_loc", keys, Select: ["qty_on_hand"], PageSize: 7) { Order = PageOrder.Key };

        List<P21Page> pages = await ToListAsync(p21.Client.ReadChangedPagesAsync(query));
        List<string> resumed = [.. (await ToListAsync(p21.Client.ReadChangedPagesAsync(query with { After = pages[4].Last }))).SelectMany(p => p.Rows).Select(LocKey)];

        Assert.Equal(all.Select(LocKey), pages.SelectMany(p => p.Rows).Select(LocKey));
        Assert.Equal(all.Select(LocKey).Skip(35), resumed);
        Assert.All(pages, p => Assert.True(p.Rows[^1].TryGetDateTimeOffset("date_last_modified", out _), "the modified column is always selected"));
    }

    [Fact]
    public async Task ReadChangedPages_KeyOrderSince_FiltersEveryPage()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 30, UtcOffset = TimeSpan.FromHours(-5) });
        string[] keys = ["company_id", "customer_id"];
        List<P21Row> all = await ToListAsync(p21.Client.QueryAsync(new ODataQuery("customer", OrderBy: keys)));
        DateTimeOffset pivot = all.Select(r => r.GetDateTimeOffset("date_last_modified")).Order().ElementAt(all.Count / 2);

        List<P21Page> pages = await ToListAsync(p21.Client.ReadChangedPagesAsync(
            new ChangeQuery("customer", keys, PageSize: 4) { Order = PageOrder.Key, Since = pivot.ToUniversalTime() }));

        List<string> expected = [.. all.Where(r => r.GetDateTimeOffset("date_last_modified") >= pivot).Select(P21ClientAuthTests.Key)];
        Assert.InRange(expected.Count, 5, 25);
        Assert.Equal(expected, pages.SelectMany(p => p.Rows).Select(P21ClientAuthTests.Key));
    }

    [Fact]
    public async Task ReadNewestPosition_IsTheLastRowOfTheChangeFeed()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Items = 40, Locations = 3, UtcOffset = TimeSpan.FromHours(2) });
        var query = new ChangeQuery("inv_loc", ["location_id", "inv_mast_uid"], PageSize: 50);
        List<P21Page> pages = await ToListAsync(p21.Client.ReadChangedPagesAsync(query));

        KeysetPosition? newest = await p21.Client.ReadNewestPositionAsync(query);

        Assert.Equal(pages[^1].Last, newest);
        Assert.Empty(await ToListAsync(p21.Client.ReadChangedPagesAsync(query with { After = newest })));
        Assert.Null(await p21.Client.ReadNewestPositionAsync(query with { Filter = "qty_on_hand lt -1" }));
    }

    [Fact]
    public async Task QueryAsync_UnknownTable_ThrowsNotFoundWithProbeHint()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        P21NotFoundException ex = await Assert.ThrowsAsync<P21NotFoundException>(async () =>
            await ToListAsync(p21.Client.QueryAsync(new ODataQuery("no_such_table", OrderBy: ["x"]))));

        Assert.False(ex.IsTransient);
        Assert.Contains("probe with $top=1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_ViewOnTablePath_ThrowsNotFound()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        await Assert.ThrowsAsync<P21NotFoundException>(async () =>
            await ToListAsync(p21.Client.QueryAsync(new ODataQuery("p21_view_customer", ODataSurface.Table, OrderBy: ["customer_id"]))));
        Assert.Single(await ToListAsync(p21.Client.QueryAsync(new ODataQuery("p21_view_customer", ODataSurface.View, OrderBy: ["customer_id"]))));
    }

    [Fact]
    public async Task QueryAsync_NoOrderBy_RefusesBeforeCallingP21()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await ToListAsync(p21.Client.QueryAsync(new ODataQuery("customer"))));

        Assert.Contains("stable OrderBy", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, p21.Host.Stats.Requests("odata"));
    }

    [Fact]
    public async Task GetMetadataAsync_Table_ReturnsCsdlJson()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        using JsonDocument metadata = await p21.Client.GetMetadataAsync(ODataSurface.Table);

        Assert.Contains("customer", metadata.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUiServerAsync_RouterWithoutSlashRedirects_ReturnsUiServerAndCaches()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        Uri first = await p21.Client.GetUiServerAsync();
        Uri second = await p21.Client.GetUiServerAsync();

        Assert.Equal(new Uri(p21.Host.BaseAddress, "uiserver0"), first);
        Assert.Same(first, second);
        Assert.Equal(1, p21.Host.Stats.Requests("router"));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (T item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
