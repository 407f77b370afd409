using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>
/// The writer's item look-ups through <see cref="KnownItems"/>: an order's SKUs in one P21 read, none for a repeat SKU,
/// and read again after a P21 rejection or the TTL.
/// </summary>
public class KnownItemsTests
{
    private static int ItemReads(WriterHarness h) => h.P21.Queries.Count(q => q.Name == "inv_mast");

    [Fact]
    public async Task Orders_RepeatSkus_OneReadForTheFirstOrdersSkus_NoneForTheNext()
    {
        await using var h = new WriterHarness();

        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-1", ("WIDGET-1", 1), ("BOLT-2", 2)), "K-1")));
        Assert.Equal(1, ItemReads(h));
        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-2", ("BOLT-2", 1), ("WIDGET-1", 3)), "K-2")));

        Assert.Equal(1, ItemReads(h));
        Assert.Equal(2, h.OrdersWithReference("K-2") + h.OrdersWithReference("K-1"));
    }

    [Fact]
    public async Task Orders_P21RefusesAnOrder_ItsItemsAreReadAgainNextTime()
    {
        await using var h = new WriterHarness();
        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-3", ("WIDGET-1", 1)), "K-3")));
        h.P21.Intercept = r => r.Name == "Order" ? FakeP21Client.Failed("Item ID WIDGET-1 is not valid") : null;

        Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-4", ("WIDGET-1", 1)), "K-4")));
        Assert.Equal(1, ItemReads(h));
        h.P21.Intercept = null;
        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-5", ("WIDGET-1", 1)), "K-5")));

        Assert.Equal(2, ItemReads(h));
    }

    [Fact]
    public async Task Orders_AfterTheTtl_TheSkuIsReadAgain_AndAnItemGoneFromP21IsThenUnknown()
    {
        await using var h = new WriterHarness(settings: s => s["Writer:ItemCacheTtl"] = "00:05:00");
        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-6", ("BOLT-2", 1)), "K-6")));
        h.P21.Tables["inv_mast"].Single(r => r["item_id"] == "BOLT-2")["delete_flag"] = "Y";

        h.Time.Advance(TimeSpan.FromMinutes(6));
        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-7", ("BOLT-2", 1)), "K-7"));

        Assert.Equal(2, ItemReads(h));
        var parked = Assert.IsType<WriteOutcome.Parked>(outcome);
        Assert.Contains("unknown SKU BOLT-2", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_ZeroTtl_EverySkuIsReadEveryTime()
    {
        await using var h = new WriterHarness(settings: s => s["Writer:ItemCacheTtl"] = "00:00:00");

        await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-8", ("WIDGET-1", 1)), "K-8"));
        await h.SendAsync(WriterHarness.Command(WriterHarness.Order("K-9", ("WIDGET-1", 1)), "K-9"));

        Assert.Equal(2, ItemReads(h));
    }
}
