using System.Globalization;

using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>InventoryPush against the WooCommerce REST v3 fake.</summary>
public sealed class WooCommercePushTests
{
    private const string Secret = "woocommerce-shop1-key";

    private static async Task<(PushHarness Harness, WooCommerceRestFake Site)> StartAsync(params string[] skus)
    {
        var site = await WooCommerceRestFake.StartAsync(skus);
        var harness = new PushHarness(PushHarness.TargetSettings("WooCommerce", site.BaseUrl.ToString(), Secret, ("01", "default")));
        harness.Secrets.Set(Secret, $"{WooCommerceRestFake.ConsumerKey}:{WooCommerceRestFake.ConsumerSecret}");
        return (harness, site);
    }

    private static string[] Skus(int count) => [.. Enumerable.Range(1, count).Select(n => "WC-" + n.ToString("0000", CultureInfo.InvariantCulture))];

    [Fact]
    public async Task TooLargeAnswer_HalvesTheBatch_AndTheSmallerSizeIsKeptForTheNextCycle()
    {
        string[] skus = Skus(100);
        var (harness, site) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = site;
        site.MaxItemsPerBody = 30;

        var first = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "01", i))]);
        int refusals = site.TooLarge;
        var second = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "01", i + 1000))]);

        Assert.Equal(100, first.ItemsSet);
        Assert.Equal(2, refusals); // 100 -> 50 -> 25
        Assert.Equal(100, second.ItemsSet);
        Assert.Equal(refusals, site.TooLarge); // the second cycle starts at 25
        Assert.True(site.LargestAccepted <= 30);
        Assert.Equal(1099, site.Quantity(skus[^1]));
    }

    [Fact]
    public async Task Variations_AreSetThroughTheirParentsBatch_AndAnUnknownSkuIsParked()
    {
        var (harness, site) = await StartAsync("SIMPLE");
        await using var _ = harness;
        await using var __ = site;
        long parent = site.AddProduct("PARENT");
        site.AddProduct("VAR-RED", parent);
        site.AddProduct("VAR-BLUE", parent);

        var report = await harness.PushAsync(harness.Level("SIMPLE", "01", 4), harness.Level("VAR-RED", "01", 5), harness.Level("VAR-BLUE", "01", 6), harness.Level("GONE", "01", 1));

        Assert.Equal(3, report.ItemsSet);
        Assert.Equal(1, site.VariationCalls);
        Assert.Equal((4, 5, 6), (site.Quantity("SIMPLE"), site.Quantity("VAR-RED"), site.Quantity("VAR-BLUE")));
        Assert.Contains("SKU 'GONE'", Assert.Single(await harness.ParkedAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwentyPercentFaults_EveryChangeArrivesOnceAtItsFinalValue()
    {
        string[] skus = Skus(250); // three batches of at most 100
        var (harness, site) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = site;
        site.FaultRate = 0.2;
        for (int cycle = 1; cycle <= 2; cycle++)
        {
            await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "01", (cycle * 1000) + i))]);
        }

        Assert.All(skus.Select((s, i) => (s, i)), x =>
        {
            Assert.Equal(2000 + x.i, site.Quantity(x.s));
            Assert.Equal(2, site.Applied[site.IdOf(x.s)]);
        });
        Assert.True(site.LargestAccepted <= WooCommerceRestFake.MaxBatch);
    }
}
