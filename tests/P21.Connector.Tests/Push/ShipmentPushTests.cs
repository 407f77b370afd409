using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events.Records;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary><see cref="ShipmentPush"/> and <see cref="OrderStatusPush"/> against the Shopify GraphQL Admin fake.</summary>
public sealed class ShipmentPushTests
{
    private const string Secret = "shopify-shop1-token";
    private const long StoreOrder = 450789469;
    private const long LineA = 466157049;
    private const long LineB = 518995019;

    private static async Task<(PushHarness Harness, ShopifyAdminFake Shop)> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var clock = new JumpingClock();
        var shop = await ShopifyAdminFake.StartAsync(clock);
        var values = PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, ("01", ShopifyAdminFake.Location1));
        settings?.Invoke(values);
        var harness = new PushHarness(values, clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        shop.AddOrder(StoreOrder, [(LineA, "A", 3), (LineB, "B", 1)]);
        await harness.LinkAsync("1001", StoreOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), "shopify", (1, LineA.ToString(System.Globalization.CultureInfo.InvariantCulture)), (2, LineB.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (harness, shop);
    }

    private static Task<PushReport> ShipAsync(PushHarness harness, params Connector.Events.ChangeEvent[] events) =>
        harness.Services.GetRequiredService<ShipmentPush>().PushAsync(PushHarness.Target, events);

    private static Task<PushReport> StatusAsync(PushHarness harness, params Connector.Events.ChangeEvent[] events) =>
        harness.Services.GetRequiredService<OrderStatusPush>().PushAsync(PushHarness.Target, events);

    [Fact]
    public async Task PartialShipment_FulfilsOnlyTheShippedLinesAndQuantities_ThenTheRest()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;

        var first = await ShipAsync(harness, harness.Shipment("T1", "1001", "1Z1", lines: (1, "A", 2)));
        var second = await ShipAsync(harness, harness.Shipment("T2", "1001", "1Z2", lines: [(1, "A", 1), (2, "B", 1)]));

        Assert.Equal((1, 1), (first.Shipped, second.Shipped));
        var fulfillments = shop.Fulfillments(StoreOrder);
        Assert.Equal(2, fulfillments.Count);
        Assert.Equal([($"gid://shopify/LineItem/{LineA}", 2)], fulfillments[0].Lines);
        Assert.Equal([($"gid://shopify/LineItem/{LineA}", 1), ($"gid://shopify/LineItem/{LineB}", 1)], fulfillments[1].Lines);
        Assert.Equal(["1Z1", "1Z2"], fulfillments.Select(f => f.TrackingNumber));
    }

    [Fact]
    public async Task SameTicketDeliveredTenTimes_OneFulfilment()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        var change = harness.Shipment("T1", "1001", "1Z1", lines: [(1, "A", 3), (2, "B", 1)]);

        var reports = new List<PushReport>();
        for (int i = 0; i < 10; i++)
        {
            reports.Add(await ShipAsync(harness, change, change));
        }

        Assert.Single(shop.Fulfillments(StoreOrder));
        Assert.Equal(1, shop.FulfillmentCalls);
        Assert.Equal(1, reports.Sum(r => r.Shipped));
        Assert.Equal(9, reports.Sum(r => r.AlreadyPushed));
        Assert.Equal(10, reports.Sum(r => r.Coalesced));
    }

    [Fact]
    public async Task CrashAfterTheStoreTookIt_Redelivery_FindsTheFulfilmentByTracking_AndCreatesNone()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        var change = harness.Shipment("T1", "1001", "1Z1", lines: (1, "A", 1));
        await ShipAsync(harness, change);
        // The crash: the store has the fulfilment, our record of it is lost.
        await harness.Mappings.DeleteAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushShipment, "T1");

        var again = await ShipAsync(harness, change);

        Assert.Single(shop.Fulfillments(StoreOrder));
        Assert.Equal((0, 1), (again.Shipped, again.AlreadyPushed));
    }

    [Fact]
    public async Task UnconfirmedTicket_AndOrderNotFromTheStore_AreNotPushed()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;

        var report = await ShipAsync(harness,
            harness.Shipment("T1", "1001", null, confirmed: false, lines: (1, "A", 1)),
            harness.Shipment("T2", "2002", "1Z9", lines: (1, "A", 1)), // a phone order: no order link
            harness.Shipment("T3", "1001", "1Z8", lines: (7, "X", 1))); // only a line added in P21

        Assert.Empty(shop.Fulfillments(StoreOrder));
        Assert.Equal(0, shop.FulfillmentCalls);
        Assert.Equal(2, report.NotFromStore);
        Assert.Equal(0, report.Shipped);
    }

    [Fact]
    public async Task SplitAcrossLocations_OneFulfilmentPerLocation()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        shop.SplitOrder(StoreOrder, ShopifyAdminFake.Location2, LineB);

        var report = await ShipAsync(harness, harness.Shipment("T1", "1001", "1Z1", lines: [(1, "A", 3), (2, "B", 1)]));

        Assert.Equal(1, report.Shipped);
        Assert.Equal(2, shop.Fulfillments(StoreOrder).Count);
        Assert.Equal(2, shop.FulfillmentCalls);
    }

    [Fact]
    public async Task OrderDeletedOnTheStore_Parked_ThenReplayedWhenItIsBack()
    {
        var clock = new JumpingClock();
        await using var shop = await ShopifyAdminFake.StartAsync(clock);
        await using var harness = new PushHarness(PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, ("01", ShopifyAdminFake.Location1)), clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        await harness.LinkAsync("1001", "777", "shopify", (1, "8001"));

        var report = await ShipAsync(harness, harness.Shipment("T1", "1001", "1Z1", lines: (1, "A", 1)));

        Assert.Equal(1, report.Parked);
        var parked = Assert.Single(await harness.ParkedAsync());
        Assert.Equal(ShipmentPush.ParkedKind, parked.Kind);
        Assert.Contains("gid://shopify/Order/777", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("Push:Targets:shop1", parked.Reason, StringComparison.Ordinal);

        shop.AddOrder(777, [(8001, "A", 1)]);
        var replay = await harness.Services.GetRequiredService<ParkedPushes>().ReplayAsync(PushHarness.Connection, parked.Id);

        Assert.True(replay.Succeeded, replay.Error);
        Assert.Equal(ParkedStatus.Replayed, replay.Record!.Status);
        Assert.Single(shop.Fulfillments(777));
    }

    [Fact]
    public async Task ThrottledAndFailingStore_EveryShipmentArrivesOnce()
    {
        var (harness, shop) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        for (long order = 1; order <= 20; order++)
        {
            shop.AddOrder(order, [(order * 10, "A", 1)]);
            await harness.LinkAsync($"O{order}", order.ToString(System.Globalization.CultureInfo.InvariantCulture), "shopify", (1, (order * 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        shop.FaultRate = 0.2;
        shop.BucketMaximum = 40;
        shop.RestoreRate = 10;
        shop.DrainBucket(0);
        var events = Enumerable.Range(1, 20).Select(o => harness.Shipment($"T{o}", $"O{o}", $"1Z{o}", lines: (1, "A", 1))).ToArray();

        var report = await ShipAsync(harness, events);
        shop.FaultRate = 0;
        var again = await ShipAsync(harness, events);

        Assert.Equal(20, report.Shipped);
        Assert.True(report.ThrottledWaits > 0);
        Assert.All(Enumerable.Range(1, 20), o => Assert.Single(shop.Fulfillments(o)));
        Assert.Equal(20, again.AlreadyPushed);
    }

    [Theory]
    [InlineData("Cancel", true, false)]
    [InlineData("Tag", false, true)]
    public async Task CancelledInP21_CancelsOrTagsTheStoreOrderOnce(string mode, bool cancelled, bool tagged)
    {
        var (harness, shop) = await StartAsync(s => s[$"Push:Targets:{PushHarness.Target}:OnCancel"] = mode);
        await using var _ = harness;
        await using var __ = shop;
        var change = harness.Order("1001", SalesOrderStatus.Cancelled);

        var first = await StatusAsync(harness, harness.Order("1001", SalesOrderStatus.Approved, harness.Clock.GetUtcNow()), change);
        var second = await StatusAsync(harness, change);

        Assert.Equal((1, 0), (first.OrdersUpdated, second.OrdersUpdated));
        Assert.Equal(1, second.AlreadyPushed);
        var state = shop.OrderState(StoreOrder);
        Assert.Equal(cancelled, state.Cancelled);
        Assert.Equal(tagged, state.Tags.Contains(Connector.Push.Shopify.ShopifyOrders.CancelledTag));
    }

    [Fact]
    public async Task OpenOrderOrNone_PushesNothing()
    {
        var (harness, shop) = await StartAsync(s => s[$"Push:Targets:{PushHarness.Target}:OnCancel"] = "None");
        await using var _ = harness;
        await using var __ = shop;

        var report = await StatusAsync(harness, harness.Order("1001", SalesOrderStatus.Cancelled));

        Assert.Equal(0, report.OrdersUpdated);
        Assert.False(shop.OrderState(StoreOrder).Cancelled);
        Assert.Empty(shop.OrderState(StoreOrder).Tags);
    }
}
