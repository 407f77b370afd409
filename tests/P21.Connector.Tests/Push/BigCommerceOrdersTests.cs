using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Push;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>BigCommerceOrders, as <c>AddP21Push</c> registers it, against the V2 Orders part of the BigCommerce fake.</summary>
public sealed class BigCommerceOrdersTests
{
    private const string Secret = "bigcommerce-shop1-token";
    private const long OrderId = 120;

    private static readonly ShipmentCarrier Ups = new("UPS", "ups");

    private static async Task<(PushHarness Harness, BigCommerceInventoryFake Store, IOrderPlatform Orders, PushTarget Target)> StartAsync()
    {
        var clock = new JumpingClock();
        var store = await BigCommerceInventoryFake.StartAsync(clock);
        store.AddOrder(OrderId, (1001, "BC-A", 3), (1002, "BC-B", 1));
        var harness = new PushHarness(PushHarness.TargetSettings("BigCommerce", store.Api.ToString(), Secret, ("01", "1")), clock);
        harness.Secrets.Set(Secret, BigCommerceInventoryFake.Token);
        return (harness, store, harness.Services.GetRequiredKeyedService<IOrderPlatform>(PushPlatform.BigCommerce), Target(harness));
    }

    /// <summary>The target as the push flow resolves it: its options and <see cref="PushAddress.BaseUri"/>.</summary>
    private static PushTarget Target(PushHarness harness)
    {
        var options = harness.Services.GetRequiredService<IOptionsMonitor<PushOptions>>().CurrentValue.Targets[PushHarness.Target];
        var baseUri = PushAddress.BaseUri(options.Platform!.Value, options.Address, out string? error) ?? throw new InvalidOperationException(error);
        return new PushTarget(PushHarness.Target, options, baseUri);
    }

    private static StoreShipment Shipment(string pickTicket, ShipmentCarrier? carrier, string? tracking, params (string Line, int Quantity)[] lines) =>
        new(OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), pickTicket, [.. lines.Select(l => new StoreShipmentLine(l.Line, null, l.Quantity))],
            carrier, tracking, tracking is null ? null : new Uri($"https://www.ups.com/track?tracknum={tracking}"), NotifyCustomer: true);

    [Fact]
    public async Task FullShipment_CreatesOneShipment_WithTrackingCarrierMarkerAndEveryLine()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;

        var result = await orders.ShipAsync(target, Shipment("5001", Ups, "1Z999AA10123456784", ("1001", 3), ("1002", 1)), new PushCounters(), CancellationToken.None);

        var order = store.Order(OrderId)!;
        var shipment = Assert.Single(order.Shipments);
        Assert.False(result.AlreadyShipped);
        Assert.Equal(shipment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), result.ShipmentId);
        Assert.Equal(("1Z999AA10123456784", "ups"), (shipment.TrackingNumber, shipment.TrackingCarrier));
        Assert.Equal("P21 pick ticket 5001", shipment.Comments);
        Assert.Equal(order.AddressId, shipment.OrderAddressId);
        Assert.Equal([(1001L, 3), (1002L, 1)], shipment.Items);
        Assert.Equal(2, order.StatusId); // Shipped
        Assert.All(order.Lines, l => Assert.Equal(l.Quantity, l.QuantityShipped));
    }

    [Fact]
    public async Task PartialShipments_ShipOnlyTheirLines_AndNeverMoreThanRemains()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;

        await orders.ShipAsync(target, Shipment("5001", null, null, ("1001", 1)), new PushCounters(), CancellationToken.None);
        var afterFirst = store.Order(OrderId)!;
        // P21 ships 3 more of line 1001, but the store already shows 1 of 3 shipped (say, by hand): only 2 go out.
        var second = await orders.ShipAsync(target, Shipment("5002", Ups, "1Z2", ("1001", 3), ("1002", 1)), new PushCounters(), CancellationToken.None);

        var first = afterFirst.Shipments.Single();
        Assert.Equal([(1001L, 1)], first.Items);
        Assert.Null(first.TrackingCarrier); // no carrier: tracking_carrier left out
        Assert.Equal(3, afterFirst.StatusId); // Partially Shipped
        var order = store.Order(OrderId)!;
        Assert.False(second.AlreadyShipped);
        Assert.Equal([(1001L, 2), (1002L, 1)], order.Shipments[1].Items);
        Assert.Equal(2, order.StatusId);
    }

    [Fact]
    public async Task SameShipmentTwice_SecondIsAlreadyShipped_AndTheStoreKeepsOne()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        var shipment = Shipment("5001", Ups, "1Z1", ("1001", 1));

        var first = await orders.ShipAsync(target, shipment, new PushCounters(), CancellationToken.None);
        var second = await orders.ShipAsync(target, shipment, new PushCounters(), CancellationToken.None);

        Assert.Single(store.Order(OrderId)!.Shipments);
        Assert.False(first.AlreadyShipped);
        Assert.True(second.AlreadyShipped);
        Assert.Equal(first.ShipmentId, second.ShipmentId);
    }

    [Fact]
    public async Task LinesTheStoreShowsAsShipped_AreNotShippedAgain()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        await orders.ShipAsync(target, Shipment("5001", null, null, ("1002", 1)), new PushCounters(), CancellationToken.None);

        // Another ticket (no tracking, another marker) for the same line: nothing remains to ship.
        var result = await orders.ShipAsync(target, Shipment("5002", null, null, ("1002", 1)), new PushCounters(), CancellationToken.None);

        Assert.True(result.AlreadyShipped);
        Assert.Null(result.ShipmentId);
        Assert.Single(store.Order(OrderId)!.Shipments);
    }

    [Fact]
    public async Task UnknownOrder_IsRefused_NamingTheOrder()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        var shipment = Shipment("5001", Ups, "1Z1", ("1001", 1)) with { OrderId = "999" };

        var e = await Assert.ThrowsAsync<PushRefusedException>(() => orders.ShipAsync(target, shipment, new PushCounters(), CancellationToken.None));
        var cancel = await Assert.ThrowsAsync<PushRefusedException>(() => orders.CancelAsync(target, "999", CancelMode.Cancel, new PushCounters(), CancellationToken.None));

        Assert.Contains("no order 999", e.Message, StringComparison.Ordinal);
        Assert.Contains("no order 999", cancel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LineNotOnTheOrder_IsRefused_AndNothingIsShipped()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;

        var e = await Assert.ThrowsAsync<PushRefusedException>(() => orders.ShipAsync(target, Shipment("5001", Ups, "1Z1", ("1001", 1), ("4242", 1)), new PushCounters(), CancellationToken.None));

        Assert.Contains("order product 4242", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Order(OrderId)!.Shipments);
    }

    [Fact]
    public async Task FaultsAndAUsedUpQuota_AreWaitedOutAndRetried_AndShipOnce()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        store.FaultRate = 0.4;
        store.UseUpQuota();
        var counters = new PushCounters();

        var result = await orders.ShipAsync(target, Shipment("5001", Ups, "1Z1", ("1001", 3), ("1002", 1)), counters, CancellationToken.None);
        bool cancelled = await orders.CancelAsync(target, OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), CancelMode.Tag, counters, CancellationToken.None);

        Assert.True(store.Faults > 0, "the fake injected 429s / 502s");
        Assert.True(store.QuotaRefusals >= 1, "the used-up window answers 429");
        Assert.True(counters.ThrottledWaits >= 1);
        Assert.False(result.AlreadyShipped);
        Assert.True(cancelled);
        Assert.Single(store.Order(OrderId)!.Shipments);
    }

    [Fact]
    public async Task Cancel_SetsStatusCancelled_AndTheSecondCallChangesNothing()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;

        bool first = await orders.CancelAsync(target, "120", CancelMode.Cancel, new PushCounters(), CancellationToken.None);
        int calls = store.OrderCalls;
        bool second = await orders.CancelAsync(target, "120", CancelMode.Cancel, new PushCounters(), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(5, store.Order(OrderId)!.StatusId);
        Assert.Equal(calls + 1, store.OrderCalls); // the second only read the order
    }

    [Fact]
    public async Task Tag_AppendsTheStaffNoteOnce_KeepingWhatStaffWrote()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        store.SetStaffNotes(OrderId, "Gift wrap");

        bool first = await orders.CancelAsync(target, "120", CancelMode.Tag, new PushCounters(), CancellationToken.None);
        bool second = await orders.CancelAsync(target, "120", CancelMode.Tag, new PushCounters(), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        var order = store.Order(OrderId)!;
        Assert.Equal("Gift wrap\nCancelled in P21", order.StaffNotes);
        Assert.Equal(11, order.StatusId); // tagged, not cancelled
    }

    [Fact]
    public async Task None_MakesNoCall()
    {
        var (harness, store, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = store;
        var counters = new PushCounters();

        bool changed = await orders.CancelAsync(target, "120", CancelMode.None, counters, CancellationToken.None);

        Assert.False(changed);
        Assert.Equal(0, store.OrderCalls);
        Assert.Equal(0, counters.Calls);
    }
}
