using System.Globalization;

using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>InventoryPush against the BigCommerce V3 fake.</summary>
public sealed class BigCommercePushTests
{
    private const string Secret = "bigcommerce-shop1-token";

    private static async Task<(PushHarness Harness, BigCommerceInventoryFake Store)> StartAsync(params string[] skus)
    {
        var clock = new JumpingClock();
        var store = await BigCommerceInventoryFake.StartAsync(clock, skus);
        var harness = new PushHarness(PushHarness.TargetSettings("BigCommerce", store.Api.ToString(), Secret, ("01", "1"), ("02", "2")), clock);
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
    public async Task VariantDeletedOnTheStore_IsFoundByHalvingTheRefusedBatch_ParkedAndForgotten()
    {
        string[] skus = Skus(8);
        var (harness, store) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = store;
        await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 1))]);
        store.RemoveVariant(skus[5]);

        var report = await harness.PushAsync([.. skus.Select(s => harness.Level(s, "01", 2))]);

        Assert.Equal(7, report.ItemsSet);
        Assert.Equal(1, report.Parked);
        var parked = Assert.Single(await harness.ParkedAsync());
        Assert.Contains($"Variant {BigCommerceInventoryFake.VariantId(skus[5])} does not exist", parked.Reason, StringComparison.Ordinal);
        Assert.Null(await harness.Mappings.GetAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushItem, skus[5]));
        Assert.Equal(2, store.Quantity(skus[4], 1));
    }
}
