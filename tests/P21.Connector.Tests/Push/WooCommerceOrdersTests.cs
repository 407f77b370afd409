using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Push;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>WooCommerceOrders, as <c>AddP21Push</c> registers it, against the orders part of the WooCommerce REST v3 fake.</summary>
public sealed class WooCommerceOrdersTests
{
    private const string Secret = "woocommerce-shop1-key";
    private const long OrderId = 3583;

    private static readonly ShipmentCarrier Ups = new("UPS", "ups");

    private static async Task<(PushHarness Harness, WooCommerceRestFake Site, IOrderPlatform Orders, PushTarget Target)> StartAsync()
    {
        var site = await WooCommerceRestFake.StartAsync();
        site.AddOrder(OrderId, (95, "WC-A", 2), (107, "WC-B", 1));
        var harness = new PushHarness(PushHarness.TargetSettings("WooCommerce", site.BaseUrl.ToString(), Secret, ("01", "default")));
        harness.Secrets.Set(Secret, $"{WooCommerceRestFake.ConsumerKey}:{WooCommerceRestFake.ConsumerSecret}");
        return (harness, site, harness.Services.GetRequiredKeyedService<IOrderPlatform>(PushPlatform.WooCommerce), Target(harness));
    }

    /// <summary>The target as the push flow resolves it: its options and <see cref="PushAddress.BaseUri"/>.</summary>
    private static PushTarget Target(PushHarness harness)
    {
        var options = harness.Services.GetRequiredService<IOptionsMonitor<PushOptions>>().CurrentValue.Targets[PushHarness.Target];
        var baseUri = PushAddress.BaseUri(options.Platform!.Value, options.Address, out string? error) ?? throw new InvalidOperationException(error);
        return new PushTarget(PushHarness.Target, options, baseUri);
    }

    private static StoreShipment Shipment(string pickTicket, bool notify, params (string Line, string Sku, int Quantity)[] lines) =>
        new(OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), pickTicket, [.. lines.Select(l => new StoreShipmentLine(l.Line, l.Sku, l.Quantity))],
            Ups, "1Z999AA10123456784", new Uri("https://www.ups.com/track?tracknum=1Z999AA10123456784"), notify);

    [Fact]
    public async Task FullShipment_AddsOneCustomerNote_AndCompletesTheOrder()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;

        var result = await orders.ShipAsync(target, Shipment("5001", true, ("95", "WC-A", 2), ("107", "WC-B", 1)), new PushCounters(), CancellationToken.None);

        var order = site.Order(OrderId)!;
        var note = Assert.Single(order.Notes);
        Assert.Equal(new ShipmentResult(null, false), result);
        Assert.Equal("Shipped 2 x WC-A, 1 x WC-B via UPS tracking 1Z999AA10123456784 https://www.ups.com/track?tracknum=1Z999AA10123456784. P21 pick ticket 5001", note.Note);
        Assert.True(note.CustomerNote);
        Assert.Equal("completed", order.Status);
    }

    [Fact]
    public async Task PartialShipment_NotesOnlyItsLines_AndLeavesTheStatus()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;

        await orders.ShipAsync(target, Shipment("5001", false, ("95", "WC-A", 1)), new PushCounters(), CancellationToken.None);

        var order = site.Order(OrderId)!;
        var note = Assert.Single(order.Notes);
        Assert.StartsWith("Shipped 1 x WC-A via UPS", note.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("WC-B", note.Note, StringComparison.Ordinal);
        Assert.False(note.CustomerNote);
        Assert.Equal("processing", order.Status);
    }

    [Fact]
    public async Task SameShipmentTwice_SecondIsAlreadyShipped_AndTheSiteKeepsOneNote()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;
        var shipment = Shipment("5001", true, ("95", "WC-A", 2));

        var first = await orders.ShipAsync(target, shipment, new PushCounters(), CancellationToken.None);
        var second = await orders.ShipAsync(target, shipment, new PushCounters(), CancellationToken.None);

        Assert.False(first.AlreadyShipped);
        Assert.True(second.AlreadyShipped);
        Assert.Null(second.ShipmentId);
        Assert.Single(site.Order(OrderId)!.Notes);
    }

    [Fact]
    public async Task UnknownOrder_OrLine_IsRefused_NamingIt()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;

        var order = await Assert.ThrowsAsync<PushRefusedException>(() => orders.ShipAsync(target, Shipment("5001", true, ("95", "WC-A", 1)) with { OrderId = "999" }, new PushCounters(), CancellationToken.None));
        var cancel = await Assert.ThrowsAsync<PushRefusedException>(() => orders.CancelAsync(target, "999", CancelMode.Cancel, new PushCounters(), CancellationToken.None));
        var line = await Assert.ThrowsAsync<PushRefusedException>(() => orders.ShipAsync(target, Shipment("5001", true, ("4242", "WC-X", 1)), new PushCounters(), CancellationToken.None));

        Assert.Contains("no order 999", order.Message, StringComparison.Ordinal);
        Assert.Contains("no order 999", cancel.Message, StringComparison.Ordinal);
        Assert.Contains("no line item 4242", line.Message, StringComparison.Ordinal);
        Assert.Empty(site.Order(OrderId)!.Notes);
    }

    [Fact]
    public async Task Faults_AreRetried_AndTheShipmentIsNotedOnce()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;
        site.FaultRate = 0.4;

        var result = await orders.ShipAsync(target, Shipment("5001", true, ("95", "WC-A", 2), ("107", "WC-B", 1)), new PushCounters(), CancellationToken.None);
        bool tagged = await orders.CancelAsync(target, "3583", CancelMode.Tag, new PushCounters(), CancellationToken.None);

        Assert.True(site.Faults > 0, "the fake injected 503s / 429s");
        Assert.False(result.AlreadyShipped);
        Assert.True(tagged);
        var order = site.Order(OrderId)!;
        Assert.Equal(2, order.Notes.Count);
        Assert.Equal("completed", order.Status);
    }

    [Fact]
    public async Task Cancel_SetsStatusCancelled_AndTheSecondCallChangesNothing()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;

        bool first = await orders.CancelAsync(target, "3583", CancelMode.Cancel, new PushCounters(), CancellationToken.None);
        int calls = site.OrderCalls;
        bool second = await orders.CancelAsync(target, "3583", CancelMode.Cancel, new PushCounters(), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("cancelled", site.Order(OrderId)!.Status);
        Assert.Equal(calls + 1, site.OrderCalls); // the second only read the order
    }

    [Fact]
    public async Task Tag_AddsOnePrivateNote()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;

        bool first = await orders.CancelAsync(target, "3583", CancelMode.Tag, new PushCounters(), CancellationToken.None);
        bool second = await orders.CancelAsync(target, "3583", CancelMode.Tag, new PushCounters(), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        var order = site.Order(OrderId)!;
        Assert.Equal(new WooCommerceFakeNote(order.Notes[0].Id, "Cancelled in P21", false), Assert.Single(order.Notes));
        Assert.Equal("processing", order.Status); // tagged, not cancelled
    }

    [Fact]
    public async Task None_MakesNoCall()
    {
        var (harness, site, orders, target) = await StartAsync();
        await using var _ = harness;
        await using var __ = site;
        var counters = new PushCounters();

        bool changed = await orders.CancelAsync(target, "3583", CancelMode.None, counters, CancellationToken.None);

        Assert.False(changed);
        Assert.Equal(0, site.OrderCalls);
        Assert.Equal(0, counters.Calls);
    }
}
