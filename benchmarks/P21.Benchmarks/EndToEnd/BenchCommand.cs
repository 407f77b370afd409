namespace P21.Benchmarks.EndToEnd;

/// <summary>Dispatches <c>bench &lt;name&gt; [--option value]…</c> to one end-to-end bench.</summary>
internal static class BenchCommand
{
    private const string Usage = """
        usage: bench <backfill|steady-day|writer|intake-latency|push|amazon-pull|prices> [--db PATH] [--items N] [--orders N] [--runs N] [--calls N]
          [--storage memory|azurite] [--entities items,inventory] [--page-size N] [--latency MS] [--concurrency N] [--ranges N] [--day-orders N] [--interval-min N]
          backfill        100k items + 300k inv_loc backfill vs the sandbox serving the same pages alone (20 ms latency);
                          with --concurrency N: split into N key ranges vs one range vs the same ranges served alone;
                          with --ranges N: the usual run, the connector's backfill split into N ranges (its memory, fresh process)
          steady-day      1% of items changed over a day (the last --quiet slots without changes), incremental runs vs a 4-day look-back re-scan (20 ms latency; --probe off: no change probe)
          writer          orders/s at write concurrency 2 and 8 (30 ms latency); in-memory vs Azurite Table ledger
          intake-latency  per-call p50/p99 of OrderIntake.AcceptAsync for Shopify, WooCommerce, generic, Amazon
          push            --items SKUs x 3 locations of stock pushed to the Shopify, BigCommerce and WooCommerce fakes under their limits
          amazon-pull     --day-orders (5000) Amazon orders over a simulated day, pulled every --interval-min (10) from the SP-API fake:
                          calls vs the least the usage plans allow; then --orders (200) of them written vs the writer bench's (30 ms latency)
          prices          --calls (1000) customer prices from the price engine at --latency (50) and --concurrency (4) vs the
                          concurrency-bound minimum; then a 48-item catalogue page refreshed 5 times: cache hit ratio
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var options = BenchArguments.Parse(args[1..]);
        Console.WriteLine(MachineInfo.Describe());
        switch (args[0])
        {
            case "backfill":
                await BackfillBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "steady-day":
                await SteadyDayBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "writer":
                await WriterBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "intake-latency":
                await IntakeLatencyBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "push":
                await PushBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "amazon-pull":
                await AmazonPullBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            case "prices":
                await PriceBench.RunAsync(options, cancellationToken).ConfigureAwait(false);
                break;
            default:
                Console.Error.WriteLine($"unknown bench '{args[0]}'.");
                Console.Error.WriteLine(Usage);
                return 2;
        }

        Console.WriteLine($"finished; {MachineInfo.Load()}");
        return 0;
    }
}
