using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary><see cref="PushDelivery"/>: a subscription's batch of message bodies, as the push functions hand it over.</summary>
public sealed class PushDeliveryTests
{
    private const string Secret = "shopify-shop1-token";

    private static async Task<(PushHarness Harness, ShopifyAdminFake Shop, PushDelivery Delivery)> StartAsync()
    {
        var clock = new JumpingClock();
        var shop = await ShopifyAdminFake.StartAsync(clock, "A", "B");
        var harness = new PushHarness(PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, ("01", ShopifyAdminFake.Location1)), clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        return (harness, shop, harness.Services.GetRequiredService<PushDelivery>());
    }

    [Fact]
    public async Task DeliverAsync_CloudEventBodies_ArePushedToThePlatformsTargets_AndAnUnreadableOneParked()
    {
        var (harness, shop, delivery) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        string[] bodies = [CloudEventJson.Serialize(harness.Level("A", "01", 4)), "not a cloud event", CloudEventJson.Serialize(harness.Level("B", "01", 6))];

        IReadOnlyList<PushReport> reports = await delivery.DeliverAsync(PushPlatform.Shopify, bodies, CancellationToken.None);

        PushReport report = Assert.Single(reports);
        Assert.Equal((PushHarness.Target, 2), (report.Target, report.ItemsSet));
        Assert.Equal((4, 6), (shop.Quantity("A", ShopifyAdminFake.Location1), shop.Quantity("B", ShopifyAdminFake.Location1)));
        ParkedRecord parked = Assert.Single(harness.Parked.ListAsync(PushDelivery.UnreadableConnection).ToBlockingEnumerable());
        Assert.Equal((PushDelivery.UnreadableKind, "shopify", "not a CloudEvent"), (parked.Kind, parked.Source, parked.Reason));
        Assert.Equal("not a cloud event", (await harness.Parked.GetAsync(PushDelivery.UnreadableConnection, parked.Id))!.Payload);
    }

    [Fact]
    public async Task DeliverAsync_TheSameBatchTenTimes_SetsOnce()
    {
        var (harness, shop, delivery) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        string[] bodies = [CloudEventJson.Serialize(harness.Level("A", "01", 4)), CloudEventJson.Serialize(harness.Level("A", "01", 9))];

        for (int delivered = 0; delivered < 10; delivered++)
        {
            await delivery.DeliverAsync(PushPlatform.Shopify, bodies, CancellationToken.None);
        }

        Assert.Equal(9, shop.Quantity("A", ShopifyAdminFake.Location1));
        Assert.Equal(1, shop.SetCalls);
    }

    [Fact]
    public async Task DeliverAsync_APlatformWithoutTargets_CompletesWithoutCalls()
    {
        var (harness, shop, delivery) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;

        IReadOnlyList<PushReport> reports = await delivery.DeliverAsync(PushPlatform.BigCommerce, [CloudEventJson.Serialize(harness.Level("A", "01", 4))], CancellationToken.None);

        Assert.Empty(reports);
        Assert.Empty(delivery.TargetsOf(PushPlatform.BigCommerce));
        Assert.Equal([PushHarness.Target], delivery.TargetsOf(PushPlatform.Shopify));
        Assert.Equal(0, shop.SetCalls);
    }
}
