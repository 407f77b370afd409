using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll.Pricing;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Issue "Customer-specific prices", benchmark: <c>--calls</c> (1,000) distinct (customer, item) prices through
/// <see cref="CustomerPrices"/> against the sandbox's price engine with <c>--latency</c> (50 ms), at <c>--concurrency</c>
/// (4) price calls in flight; wall time against the concurrency-bound minimum. Then the cache on a catalogue page:
/// 48 items of one customer refreshed 5 times, at several refresh intervals against the 60-second cache.
/// </summary>
internal static class PriceBench
{
    private const int PageItems = 48;
    private const int Refreshes = 5;

    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var count = args.Number("calls", 1000);
        var latency = args.Number("latency", 50);
        var concurrency = args.Number("concurrency", 4);
        Console.WriteLine($"prices: {count} (customer, item) prices, latency {latency} ms, concurrency {concurrency}");
        // 400 items give 84 ids without a '/', which P21's price route can address; 60 customers, 57 live.
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string> { ["Items"] = "400", ["Customers"] = "60" }, cancellationToken).ConfigureAwait(false);
        await using var services = ConnectorServices.ForPolling(sandbox, 1000, "memory", concurrency,
        [
            new("P21:Pricing:MaxConcurrency", concurrency.ToString(CultureInfo.InvariantCulture)),
            new("P21:Pricing:MaxPricesPerCall", "10000"),
        ]);
        var client = services.GetRequiredService<IP21ClientProvider>().Get(ConnectorServices.Connection);
        var items = await IdsAsync(client, "inv_mast", "item_id", "inv_mast_uid", numeric: false, cancellationToken).ConfigureAwait(false);
        items = [.. items.Where(i => !i.Contains('/', StringComparison.Ordinal))];
        var customers = await IdsAsync(client, "customer", "customer_id", "customer_id", numeric: true, cancellationToken).ConfigureAwait(false);
        var questions = customers.SelectMany(c => items.Select(i => new PriceQuestion(c, i, 1m))).Take(count).ToList();
        if (questions.Count < count)
        {
            Console.WriteLine($"  only {questions.Count} pairs: {customers.Count} customers x {items.Count} addressable items");
        }

        var prices = services.GetRequiredService<CustomerPrices>();
        // Token, connection pool and JIT outside the clock (a quantity no timed question asks).
        await prices.GetAsync(ConnectorServices.Connection, [new PriceQuestion(customers[0], items[0], 2m)], cancellationToken).ConfigureAwait(false);
        await sandbox.SetLatencyAsync(latency, cancellationToken).ConfigureAwait(false);
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var answers = await prices.GetAsync(ConnectorServices.Connection, questions, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);

        // The customer check (or-chained OData reads) comes first, then the price calls, `concurrency` at a time.
        long calls = stats.Requests("prices");
        long reads = stats.Requests("odata");
        double minimum = (Math.Ceiling(calls / (double)concurrency) + reads) * latency / 1000.0;
        double ratio = clock.Elapsed.TotalSeconds / minimum;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT prices {questions.Count} at concurrency {concurrency}, {latency} ms: {answers.Prices.Count} priced in {clock.Elapsed.TotalSeconds:F2} s ({questions.Count / clock.Elapsed.TotalSeconds:F0}/s); P21 requests {stats.TotalRequests} ({stats.Describe()}); concurrency-bound minimum (ceil({calls}/{concurrency}) + {reads}) x {latency} ms = {minimum:F2} s; ratio {ratio:F3} (target <= 1.10: {(ratio <= 1.10 ? "met" : "MISSED")}); {MachineInfo.Load()}"));

        foreach (var interval in new[] { 5, 20, 60 })
        {
            await CataloguePageAsync(sandbox, services, customers[^1], items, interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One customer's page of <see cref="PageItems"/> items refreshed <see cref="Refreshes"/> times, <paramref name="interval"/> seconds apart on a stepped clock.</summary>
    private static async Task CataloguePageAsync(SandboxProcess sandbox, ServiceProvider services, string customer, IReadOnlyList<string> items, int interval, CancellationToken cancellationToken)
    {
        var clock = new SteppedClock();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var options = services.GetRequiredService<IOptionsMonitor<PricingOptions>>();
        var prices = new CustomerPrices(services.GetRequiredService<IP21ClientProvider>(), cache, options, clock);
        PriceQuestion[] page = [.. items.Take(PageItems).Select(i => new PriceQuestion(customer, i, 1m))];
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        for (var refresh = 0; refresh < Refreshes; refresh++)
        {
            await prices.GetAsync(ConnectorServices.Connection, page, cancellationToken).ConfigureAwait(false);
            clock.Now += TimeSpan.FromSeconds(interval);
        }

        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        long asked = page.Length * Refreshes;
        long calls = stats.Requests("prices");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT prices cache: {page.Length} items x {Refreshes} refreshes every {interval} s (cache {options.CurrentValue.CacheDuration.TotalSeconds:F0} s): {calls} price calls for {asked} prices, hit ratio {1 - (calls / (double)asked):P0}; customer reads {stats.Requests("odata")}; {MachineInfo.Load()}"));
    }

    private static async Task<List<string>> IdsAsync(P21Client client, string table, string column, string orderBy, bool numeric, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var row in client.QueryAsync(new ODataQuery(table, Filter: "delete_flag eq 'N'", Select: [column], OrderBy: [orderBy], PageSize: 1000), cancellationToken).ConfigureAwait(false))
        {
            ids.Add(numeric ? row.GetDecimal(column).ToString("0", CultureInfo.InvariantCulture) : row.GetString(column)!);
        }

        return ids;
    }

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
