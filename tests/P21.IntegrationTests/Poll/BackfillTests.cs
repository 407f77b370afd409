using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>Backfills walk the primary key, so a page's child rows are one key range, and hand over to the change feed at its start.</summary>
public sealed class BackfillTests : IAsyncLifetime
{
    private const int Items = 450;
    private SandboxPolling _polling = null!;

    public async Task InitializeAsync() =>
        _polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 2, Items = Items, Locations = 1, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 },
            [new($"P21:Connections:{SandboxPolling.Connection}:PageSize", "100")]);

    public async Task DisposeAsync() => await _polling.DisposeAsync();

    [Fact]
    public async Task Items_EachPageReadsItsCustomFieldsInOneRangeRequest()
    {
        var sink = new InMemoryChangeSink();
        _polling.Sandbox.Stats.Reset();

        var result = await _polling.RunAsync("items", sink, PollMode.Backfill);

        // Per page: the inv_mast page and one inv_mast_ud key range (in date order a page's uids are scattered: 2 or-batches
        // each). Plus the two newest-row marks (inv_mast, inv_mast_ud) read before the walk.
        Assert.Equal(5, result.Pages);
        Assert.Equal((2 * result.Pages) + 2, result.P21Requests);
        Assert.Equal(result.P21Requests, _polling.Sandbox.Stats.Requests("odata"));
        Assert.Equal(Items - (Items / 40), sink.Events.Count);
        Assert.All(sink.Events, e => Assert.False(string.IsNullOrEmpty(e.Data.GetProperty("customFields").GetProperty("web_category").GetString())));
    }

    [Fact]
    public async Task Items_IncrementalAfterBackfill_DoesNotReReadTheTables()
    {
        await _polling.RunAsync("items", new InMemoryChangeSink(), PollMode.Backfill);

        var sink = new InMemoryChangeSink();
        var result = await _polling.RunAsync("items", sink);

        // Only the overlap window before each mark is re-read (seed timestamps are hours apart), and nothing in it changed.
        Assert.Empty(sink.Events);
        Assert.InRange(result.RowsRead, 0, 10);
    }
}
