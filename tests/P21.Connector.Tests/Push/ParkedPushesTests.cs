using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary><see cref="ParkedPushes"/>: a parked stock push replayed once its cause is fixed, as <c>p21 parked replay</c> does.</summary>
public sealed class ParkedPushesTests
{
    private const string Secret = "shopify-shop1-token";

    private static async Task<(PushHarness Harness, ShopifyAdminFake Shop, ParkedPushes Parked)> StartAsync()
    {
        var clock = new JumpingClock();
        var shop = await ShopifyAdminFake.StartAsync(clock, "KNOWN");
        var harness = new PushHarness(PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, ("01", ShopifyAdminFake.Location1)), clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        return (harness, shop, harness.Services.GetRequiredService<ParkedPushes>());
    }

    [Fact]
    public async Task Replay_AfterTheSkuIsCreatedOnTheStore_PushesAndMarksReplayed()
    {
        var (harness, shop, parked) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        await harness.PushAsync(harness.Level("NEW-1", "01", 7));
        ParkedRecord record = Assert.Single(await harness.ParkedAsync());

        PushReplayResult stillMissing = await parked.ReplayAsync(PushHarness.Connection, record.Id);
        Assert.False(stillMissing.Succeeded);
        Assert.Equal((ParkedStatus.Parked, 2), (stillMissing.Record!.Status, stillMissing.Record.Attempts));

        shop.AddVariant("NEW-1");
        PushReplayResult replayed = await parked.ReplayAsync(PushHarness.Connection, record.Id);

        Assert.True(replayed.Succeeded, replayed.Error);
        Assert.Equal(7, shop.Quantity("NEW-1", ShopifyAdminFake.Location1));
        Assert.Equal(ParkedStatus.Replayed, replayed.Record!.Status);
        Assert.Equal($"record {record.Id} is Replayed, not Parked", (await parked.ReplayAsync(PushHarness.Connection, record.Id)).Error);
    }

    [Fact]
    public async Task Replay_OvertakenByANewerPushedChange_SetsNothingAndIsDone()
    {
        var (harness, shop, parked) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        var t = harness.Clock.GetUtcNow();
        await harness.PushAsync(harness.Level("NEW-2", "01", 3, t.AddMinutes(1)));
        ParkedRecord record = Assert.Single(await harness.ParkedAsync());
        shop.AddVariant("NEW-2");
        await harness.PushAsync(harness.Level("NEW-2", "01", 9, t.AddMinutes(5)));

        PushReplayResult replayed = await parked.ReplayAsync(PushHarness.Connection, record.Id);

        Assert.True(replayed.Succeeded, replayed.Error);
        Assert.Equal((0, 1), (replayed.Report!.ItemsSet, replayed.Report.Stale));
        Assert.Equal(9, shop.Quantity("NEW-2", ShopifyAdminFake.Location1));
        Assert.Equal(ParkedStatus.Replayed, replayed.Record!.Status);
    }

    [Fact]
    public async Task Replay_NotAPushOrNotAnEventOrNotThere_SaysWhy()
    {
        var (harness, shop, parked) = await StartAsync();
        await using var _ = harness;
        await using var __ = shop;
        ParkedRecord write = await harness.Parked.ParkAsync(PushHarness.Connection, new ParkRequest("sales-order", "shopify", "shopify:SalesOrder.Create:1", "unknown SKU", null, "{}"));
        await harness.PushAsync(harness.Level("NEW-3", "01", 1));
        ParkedRecord push = (await harness.ParkedAsync()).Single(r => r.Kind == InventoryPush.ParkedKind);
        await harness.Parked.UpdatePayloadAsync(PushHarness.Connection, push.Id, "not an event");

        Assert.Equal($"record {write.Id} is a sales-order record, not a parked push", (await parked.ReplayAsync(PushHarness.Connection, write.Id)).Error);
        Assert.StartsWith("the payload is not a CloudEvent", (await parked.ReplayAsync(PushHarness.Connection, push.Id)).Error, StringComparison.Ordinal);
        Assert.Equal("no parked record nope on connection acme", (await parked.ReplayAsync(PushHarness.Connection, "nope")).Error);
        Assert.Equal(0, shop.SetCalls);
    }
}
