using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Events.Records;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// <c>bench push</c>: N SKUs × 3 locations of stock changes (the events the inventory poll publishes) pushed to each
/// storefront fake, which enforces the platform's published limits. The fakes and the push share a
/// <see cref="JumpingClock"/>: every rate-limit wait is a real code path whose length is measured in virtual time, so the
/// figure "time the limits cost" is exact and the run takes seconds of wall time. Reports platform calls, wall time,
/// the virtual wait, and the least wait the platform's limit allows for that many calls.
/// </summary>
internal static class PushBench
{
    private const string Connection = "bench";
    private const string Target = "store";
    private static readonly string[] P21Locations = ["10", "20", "30"];

    public static async Task RunAsync(BenchArguments options, CancellationToken cancellationToken)
    {
        int skus = options.Number("items", 10_000);
        string[] names = [.. Enumerable.Range(1, skus).Select(n => "SKU-" + n.ToString("000000", CultureInfo.InvariantCulture))];
        Console.WriteLine($"push: {skus} SKUs x {P21Locations.Length} locations = {skus * P21Locations.Length} stock changes per store");
        await ShopifyAsync(names, cancellationToken).ConfigureAwait(false);
        await BigCommerceAsync(names, cancellationToken).ConfigureAwait(false);
        await BigCommerceUnknownLocationAsync(names, cancellationToken).ConfigureAwait(false);
        await WooCommerceAsync(names, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ShopifyAsync(string[] skus, CancellationToken cancellationToken)
    {
        var clock = new JumpingClock();
        await using var shop = await ShopifyAdminFake.StartAsync(clock, skus).ConfigureAwait(false);
        shop.Locations.Add(ShopifyAdminFake.Location3);
        string[] locations = [ShopifyAdminFake.Location1, ShopifyAdminFake.Location2, ShopifyAdminFake.Location3];
        var (report, wall) = await PushAsync(clock, "Shopify", shop.BaseUrl.ToString(), ShopifyAdminFake.Token, locations, skus, P21Locations, cancellationToken).ConfigureAwait(false);

        // The bucket starts full and refills at the restore rate: whatever the calls cost beyond one bucket must be waited for.
        double points = (shop.LookupCalls * ShopifyAdminFake.LookupCost) + (shop.SetCalls * ShopifyAdminFake.SetCost);
        var least = TimeSpan.FromSeconds(Math.Max(0, (points - shop.BucketMaximum) / shop.RestoreRate));
        int target = (int)Math.Ceiling(skus.Length * P21Locations.Length / 250.0);
        Print("Shopify", report, wall, clock.Waited, least,
            $"{shop.SetCalls} inventorySetQuantities (target <= {target}: {(shop.SetCalls <= target ? "met" : "MISSED")}), {shop.LookupCalls} productVariants look-ups, {shop.ThrottledAnswers} THROTTLED answers (target 0: {(shop.ThrottledAnswers == 0 ? "met" : "MISSED")}), {points:0} cost points");
    }

    private static async Task BigCommerceAsync(string[] skus, CancellationToken cancellationToken)
    {
        var clock = new JumpingClock();
        await using var store = await BigCommerceInventoryFake.StartAsync(clock, skus).ConfigureAwait(false);
        store.Locations.Add(3);
        var (report, wall) = await PushAsync(clock, "BigCommerce", store.Api.ToString(), BigCommerceInventoryFake.Token, ["1", "2", "3"], skus, P21Locations, cancellationToken).ConfigureAwait(false);

        // 150 requests per 30 s window: every window after the first that the calls need is a wait of one window.
        int calls = store.LookupCalls + store.SetCalls;
        var least = TimeSpan.FromTicks(store.Window.Ticks * Math.Max(0, (int)Math.Ceiling(calls / (double)store.Quota) - 1));
        Print("BigCommerce", report, wall, clock.Waited, least,
            $"{store.SetCalls} absolute adjustments (target <= 15: {(store.SetCalls <= 15 ? "met" : "MISSED")}; largest {store.LargestSet} items), {store.LookupCalls} variant look-ups, {store.QuotaRefusals} quota refusals (429)");
    }

    private static async Task BigCommerceUnknownLocationAsync(string[] skus, CancellationToken cancellationToken)
    {
        // Location 3 not created on the store: a third of every batch is refused. Each refusal names its items by index,
        // so a batch costs one refused call and one re-send of the rest (the halving this replaced took 50,225 calls).
        var clock = new JumpingClock();
        await using var store = await BigCommerceInventoryFake.StartAsync(clock, skus).ConfigureAwait(false);
        var (report, wall) = await PushAsync(clock, "BigCommerce", store.Api.ToString(), BigCommerceInventoryFake.Token, ["1", "2", "3"], skus, P21Locations, cancellationToken).ConfigureAwait(false);

        int calls = store.LookupCalls + store.SetCalls;
        var least = TimeSpan.FromTicks(store.Window.Ticks * Math.Max(0, (int)Math.Ceiling(calls / (double)store.Quota) - 1));
        int target = 2 * (int)Math.Ceiling(skus.Length * P21Locations.Length / (double)BigCommerceInventoryFake.MaxItems);
        Print("BigCommerce, location 3 unknown", report, wall, clock.Waited, least,
            $"{store.SetCalls} absolute adjustments incl. refused (target <= {target}: {(store.SetCalls <= target ? "met" : "MISSED")}), {report.Parked} parked (target {skus.Length}: {(report.Parked == skus.Length ? "met" : "MISSED")}), {store.LookupCalls} variant look-ups, {store.QuotaRefusals} quota refusals (429)");
    }

    private static async Task WooCommerceAsync(string[] skus, CancellationToken cancellationToken)
    {
        // WooCommerce core keeps one stock quantity per product (no multi-location inventory), so one P21 location maps to it.
        var clock = new JumpingClock();
        await using var site = await WooCommerceRestFake.StartAsync(skus).ConfigureAwait(false);
        var (report, wall) = await PushAsync(clock, "WooCommerce", site.BaseUrl.ToString(), $"{WooCommerceRestFake.ConsumerKey}:{WooCommerceRestFake.ConsumerSecret}", ["default"], skus, [P21Locations[0]], cancellationToken).ConfigureAwait(false);
        Print("WooCommerce", report, wall, clock.Waited, TimeSpan.Zero,
            $"{report.Calls} calls (target <= 300: {(report.Calls <= 300 ? "met" : "MISSED")}; {site.LookupCalls} SKU look-ups, the rest products/batch), one stock per product: {skus.Length} changes");
    }

    private static async Task<(PushReport Report, TimeSpan Wall)> PushAsync(JumpingClock clock, string platform, string address, string credential,
        string[] storeLocations, string[] skus, string[] p21Locations, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Push:Targets:{Target}:Platform"] = platform,
            [$"Push:Targets:{Target}:Connection"] = Connection,
            [$"Push:Targets:{Target}:Address"] = address,
            [$"Push:Targets:{Target}:CredentialSecret"] = "store-credential",
            ["Secrets:store-credential"] = credential,
        };
        for (int i = 0; i < p21Locations.Length; i++)
        {
            settings[$"Push:Targets:{Target}:Locations:{p21Locations[i]}"] = storeLocations[i];
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IMappingStore>(new InMemoryMappingStore(clock))
            .AddSingleton<IParkedRecordStore>(new InMemoryParkedRecordStore(clock))
            .AddP21Secrets(configuration)
            .AddP21Push(configuration)
            .BuildServiceProvider();

        var events = new List<ChangeEvent>(skus.Length * p21Locations.Length);
        DateTimeOffset changed = clock.GetUtcNow();
        foreach (string sku in skus)
        {
            foreach (string location in p21Locations)
            {
                var level = new InventoryLevel { ItemId = sku, LocationId = location, OnHand = 50, Allocated = 3, Available = 47 };
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(level, CanonicalJsonContext.Default.InventoryLevel);
                events.Add(ChangeEventFactory.Create(Connection, "inventory", "inventory", $"{sku}@{location}", ChangeEventFactory.Fingerprint(json, false), false, changed, json));
            }
        }

        var watch = Stopwatch.StartNew();
        PushReport report = await services.GetRequiredService<InventoryPush>().PushAsync(Target, events, cancellationToken).ConfigureAwait(false);
        return (report, watch.Elapsed);
    }

    private static void Print(string platform, PushReport report, TimeSpan wall, TimeSpan waited, TimeSpan least, string detail)
    {
        // The bound is 10% over the least wait, with a floor of one second for runs the limit never slows.
        bool withinBound = waited <= least + TimeSpan.FromTicks(Math.Max(least.Ticks / 10, TimeSpan.TicksPerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT push {platform}: {report.ItemsSet} set, {report.Parked} parked, {report.Calls} platform calls; {detail}; wall {wall.TotalSeconds:0.00} s; rate-limit wait {waited.TotalSeconds:0.0} s vs least allowed {least.TotalSeconds:0.0} s (within 10%: {(withinBound ? "met" : "MISSED")}); change to store = wall + wait = {(wall + waited).TotalSeconds:0.0} s; {MachineInfo.Load()}"));
    }
}
