using System.Globalization;

using P21.Connector.Push.BigCommerce;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>InventoryPush against the BigCommerce V3 fake.</summary>
public sealed class BigCommercePushTests
{
    private const string Secret = "bigcommerce-shop1-token";

    private static Task<(PushHarness Harness, BigCommerceInventoryFake Store)> StartAsync(params string[] skus) => StartAsync([("01", "1"), ("02", "2")], skus);

    /// <summary>P21 location 03 maps to store location 3, which the fake does not have.</summary>
    private static Task<(PushHarness Harness, BigCommerceInventoryFake Store)> StartWithUnknownLocationAsync(params string[] skus) =>
        StartAsync([("01", "1"), ("02", "2"), ("03", "3")], skus);

    private static async Task<(PushHarness Harness, BigCommerceInventoryFake Store)> StartAsync((string P21, string Platform)[] locations, string[] skus)
    {
        var clock = new JumpingClock();
        var store = await BigCommerceInventoryFake.StartAsync(clock, skus);
        var harness = new PushHarness(PushHarness.TargetSettings("BigCommerce", store.Api.ToString(), Secret, locations), clock);
        harness.Secrets.Set(Secret, BigCommerceInventoryFake.Token);
        return (harness, store);
    }

    private static string[] Skus(int count) => [.. Enumerable.Range(1, count).Select(n => "BC-" + n.ToString("00000", CultureInfo.InvariantCulture))];

    [Fact]
    public async Task LargePush_GoesIn2000ItemBatches_AndWaitsOutTheStoreQuota()
    {
        string[] skus = Skus(2500);
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        store.Quota = 20; // a store whose quota other apps share; 50 lookups + 2 sets need three windows
        store.UseUpQuota(); // and the current window is already used up

        var report = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "01", i))]);

        Assert.Equal(2500, report.ItemsSet);
        Assert.Equal(2, store.SetCalls);
        Assert.Equal(BigCommerceInventoryFake.MaxItems, store.LargestSet);
        Assert.True(store.QuotaRefusals >= 1, "the used-up window answers 429");
        Assert.True(report.ThrottledWaits >= 3, $"waits: {report.ThrottledWaits}");
        Assert.True(harness.Clock.Waited >= TimeSpan.FromSeconds(60), $"waited {harness.Clock.Waited}");
        Assert.Equal(2499, store.Quantity(skus[^1], 1));
    }

    [Fact]
    public async Task Quota150Per30Seconds_IsHonoured_WithoutA429_WhenNoOneElseUsesIt()
    {
        string[] skus = Skus(9000); // 180 lookups + 5 sets: more than one window of 150
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;

        var report = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, i % 2 == 0 ? "01" : "02", i))]);

        Assert.Equal(9000, report.ItemsSet);
        Assert.Equal(0, store.QuotaRefusals); // it waited when Requests-Left reached 0
        Assert.Equal(1, report.ThrottledWaits);
    }

    [Fact]
    public async Task TwentyPercentFaults_EveryChangeArrivesOnceAtItsFinalValue()
    {
        string[] skus = Skus(30);
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        store.FaultRate = 0.2;
        for (int cycle = 1; cycle <= 3; cycle++)
        {
            await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "02", (cycle * 10) + i))]);
        }

        foreach (var (sku, i) in skus.Select((s, i) => (s, i)))
        {
            Assert.Equal(30 + i, store.Quantity(sku, 2));
            Assert.Equal(3, store.Applied[(BigCommerceInventoryFake.VariantId(sku), 2)]);
        }
    }

    [Fact]
    public async Task UnknownLocation_For10000Items_ParksExactlyThoseItems_InOneReSendPerBatch()
    {
        string[] skus = Skus(10_000);
        var (harness, store) = await StartWithUnknownLocationAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        string[] locations = ["01", "02", "03"];

        var report = await harness.PushAsync([.. skus.SelectMany(s => locations.Select(l => harness.Level(s, l, 5)))]);

        Assert.Equal(20_000, report.ItemsSet);
        Assert.Equal(10_000, report.Parked);
        var parked = await harness.ParkedAsync();
        Assert.Equal(10_000, parked.Count);
        Assert.All(parked, p => Assert.Contains(", location 03,", p.Details, StringComparison.Ordinal));
        Assert.Equal(skus, parked.Select(p => p.Details!.Split(',')[0]["item ".Length..]).Order(StringComparer.Ordinal));

        // 30,000 sets in 15 batches of 2,000; each batch is refused once, naming its location-3 items, and re-sent once.
        Assert.Equal(2 * (int)Math.Ceiling(30_000 / (double)BigCommerceInventoryFake.MaxItems), store.SetCalls);
        var first = parked.Single(p => p.Details!.StartsWith($"item {skus[0]},", StringComparison.Ordinal));
        Assert.Equal($"BigCommerce answered 422 Payload contains invalid fields: SKU {skus[0]} at location 3, location_id: Location 3 does not exist.", first.Reason);
        Assert.NotNull(await harness.Mappings.GetAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushItem, skus[0])); // the SKU is fine; the location is ours to fix
        Assert.Equal(5, store.Quantity(skus[^1], 2));
    }

    [Fact]
    public async Task VariantDeletedOnTheStore_NamedByIndex_IsParkedAndForgotten_AndTheRestReSentOnce()
    {
        string[] skus = Skus(8);
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 1))]);
        store.RemoveVariant(skus[5]);
        int before = store.SetCalls;

        var report = await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 2))]);

        Assert.Equal(2, store.SetCalls - before);
        Assert.Equal(7, report.ItemsSet);
        var parked = Assert.Single(await harness.ParkedAsync());
        Assert.Equal($"BigCommerce answered 422 Payload contains invalid fields: SKU {skus[5]} at location 1, variant_id: Variant {BigCommerceInventoryFake.VariantId(skus[5])} does not exist.", parked.Reason);
        Assert.Null(await harness.Mappings.GetAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushItem, skus[5]));
        Assert.Equal(2, store.Quantity(skus[4], 1));
    }

    [Fact]
    public async Task RefusalsNamingItemsPiecemeal_AreReSentRoundByRound()
    {
        string[] skus = Skus(10);
        var (harness, store) = await StartWithUnknownLocationAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        store.MaxErrorsPerAnswer = 2;

        // Odd items at the unknown location: five bad items, named two per answer.
        var report = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, i % 2 == 0 ? "03" : "01", 7))]);

        Assert.Equal(5, report.ItemsSet);
        Assert.Equal(5, report.Parked);
        Assert.Equal(4, store.SetCalls); // refused naming 2, 2 and 1, then the five good ones
        Assert.Equal(7, store.Quantity(skus[1], 1));
    }

    [Fact]
    public async Task RefusalsNamingNewItemsPastTheRoundCap_FallBackToHalving()
    {
        string[] skus = Skus(12);
        var (harness, store) = await StartWithUnknownLocationAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        store.MaxErrorsPerAnswer = 1;

        var report = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, i < 8 ? "03" : "01", 3))]);

        Assert.Equal(4, report.ItemsSet);
        Assert.Equal(8, report.Parked);

        // One bad item per answer: the first send and five re-sends park six; the six left are halved into
        // [bad, bad, good] (three sends) and [good, good, good] (one). Without the cap it would be 8 refusals + 1.
        Assert.Equal(1 + BigCommerceInventory.MaxRefusalRounds + 3 + 1, store.SetCalls);
    }

    [Fact]
    public async Task VariantDeletedOnTheStore_WithoutAnIndex_IsFoundByHalvingTheRefusedBatch_ParkedAndForgotten()
    {
        string[] skus = Skus(8);
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 1))]);
        store.RemoveVariant(skus[5]);
        store.NamesRefusedItems = false;
        int before = store.SetCalls;

        var report = await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 2))]);

        Assert.Equal(7, report.ItemsSet);
        Assert.Equal(1, report.Parked);
        Assert.Equal(7, store.SetCalls - before); // 8 refused, 0-3 set, 4-7 refused, 4-5 refused, 4 set, 5 refused, 6-7 set
        var parked = Assert.Single(await harness.ParkedAsync());
        Assert.Contains($"Variant {BigCommerceInventoryFake.VariantId(skus[5])} does not exist", parked.Reason, StringComparison.Ordinal);
        Assert.Null(await harness.Mappings.GetAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushItem, skus[5]));
        Assert.Equal(2, store.Quantity(skus[4], 1));
    }
}
