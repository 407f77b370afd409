using System.Globalization;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Issue "Outbound sync" (a): backfill of items (inv_mast) and inventory (inv_loc) with 20 ms added latency per request,
/// compared with the sandbox serving the same primary-table pages (key order, as the backfill walks) to a raw HttpClient
/// loop, one page at a time. The runner also reads one page at a time; it keeps the next page's read in flight while it
/// processes the current one, and a page's look-ups run beside that read.
/// </summary>
internal static class BackfillBench
{
    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var items = args.Number("items", 100_000);
        var pageSize = args.Number("page-size", 1000);
        var latency = args.Number("latency", 20);
        var db = args.Text("db", Path.Combine(Path.GetTempPath(), $"p21-bench-{items}.db"));
        var storage = args.Text("storage", "memory") == "memory" ? "memory" : AzuriteConnection.String;
        Console.WriteLine($"backfill: items {items}, locations 3 (inv_loc {items * 3}), page size {pageSize}, latency {latency} ms, stores {(storage == "memory" ? "in-memory" : "Azurite Table")}, database {db} ({(File.Exists(db) ? "reused" : "seeded now")})");

        var seed = System.Diagnostics.Stopwatch.StartNew();
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
        {
            ["Items"] = items.ToString(CultureInfo.InvariantCulture),
            ["Locations"] = "3",
            ["Customers"] = "50",
            ["SalesOrders"] = "0",
            ["PurchaseOrders"] = "0",
            ["Vendors"] = "1",
            ["DatabasePath"] = db,
        }, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"sandbox ready in {seed.Elapsed.TotalSeconds:F1} s; {MachineInfo.Load()}");
        await sandbox.SetLatencyAsync(latency, cancellationToken).ConfigureAwait(false);

        var catalogue = PollEntityCatalogue.Default;
        string[] entities = args.Text("entities", "items,inventory").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        PollSource[] sources = [.. entities.Select(e => catalogue.Get(e).Primary)];
        if (args.Number("concurrency", 1) is > 1 and var concurrency)
        {
            await ParallelBackfillBench.RunAsync(sandbox, entities, pageSize, storage, concurrency, latency, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Baseline before and after the connector, best of the two: the machine is shared, so drift goes against the baseline, not us.
        var before = await BaselineAsync(sandbox, sources, pageSize, "baseline (before)", cancellationToken).ConfigureAwait(false);
        // The connector gets the same treatment as the baseline: best of two runs, so neither side is timed while its
        // code is still being JIT-compiled (each run has fresh services and stores; only the process is shared).
        var runs = args.Number("runs", 2);
        TimeSpan[] connector = [];
        for (var run = 1; run <= runs; run++)
        {
            var times = await ConnectorAsync(sandbox, entities, pageSize, storage, args.Number("ranges", 1), $"connector (run {run})", cancellationToken).ConfigureAwait(false);
            if (connector.Length == 0 || times.Sum(t => t.Ticks) < connector.Sum(t => t.Ticks))
            {
                connector = times;
            }
        }

        var after = await BaselineAsync(sandbox, sources, pageSize, "baseline (after)", cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < sources.Length; i++)
        {
            var alone = TimeSpan.FromTicks(Math.Min(before[i].Ticks, after[i].Ticks));
            Report($"{entities[i]} ({sources[i].Table})", connector[i], alone);
        }

        Report("both", TimeSpan.FromTicks(connector.Sum(t => t.Ticks)), TimeSpan.FromTicks(Math.Min(before.Sum(t => t.Ticks), after.Sum(t => t.Ticks))));
    }

    private static void Report(string what, TimeSpan connector, TimeSpan serveAlone)
    {
        var ratio = connector.TotalSeconds / serveAlone.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT backfill {what}: connector {connector.TotalSeconds:F1} s (best run) vs serve-alone {serveAlone.TotalSeconds:F1} s (best of two) = {ratio:F2}x ({(ratio - 1) * 100:+0;-0}%); target within +10%: {(ratio <= 1.10 ? "met" : "MISSED")}; {MachineInfo.Load()}"));
    }

    private static async Task<TimeSpan[]> BaselineAsync(SandboxProcess sandbox, IReadOnlyList<PollSource> sources, int pageSize, string label, CancellationToken cancellationToken)
    {
        using var reader = await RawKeysetReader.StartAsync(sandbox.BaseAddress, cancellationToken).ConfigureAwait(false);
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var times = new List<TimeSpan>();
        var cpu = CpuClock.Start(sandbox);
        foreach (var source in sources)
        {
            var (rows, requests, elapsed) = await reader.ReadAllAsync(source.Table, source.KeyColumns, source.Select, pageSize, since: null, PageOrder.Key, cancellationToken).ConfigureAwait(false);
            times.Add(elapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label} {source.Table}: {rows} rows, {requests} requests, {elapsed.TotalSeconds:F1} s, {rows / elapsed.TotalSeconds:F0} rows/s; {MachineInfo.Load()}"));
        }

        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} total {TimeSpan.FromTicks(times.Sum(t => t.Ticks)).TotalSeconds:F1} s; {cpu.Describe()}; sandbox saw {stats.TotalRequests} requests ({stats.Describe()}), {stats.RowsServed} rows"));
        return [.. times];
    }

    // ranges > 1: a split backfill (P21:Polling:BackfillRanges) with as many read slots, for its memory in a fresh process.
    private static async Task<TimeSpan[]> ConnectorAsync(SandboxProcess sandbox, IReadOnlyList<string> entities, int pageSize, string storage, int ranges, string label, CancellationToken cancellationToken)
    {
        GC.Collect();
        await using var services = ConnectorServices.ForPolling(sandbox, pageSize, storage, ranges > 1 ? ranges : null,
            [new("P21:Polling:BackfillRanges", ranges.ToString(CultureInfo.InvariantCulture))]);
        var runner = services.GetRequiredService<PollRunner>();
        var sink = new CountingSink();
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var times = new List<TimeSpan>();
        long retained;
        var cpu = CpuClock.Start(sandbox);
        var gc = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration(), Allocated: GC.GetTotalAllocatedBytes());
        await using (var memory = new MemorySampler())
        {
            foreach (var entity in entities)
            {
                var result = await runner.RunAsync(new PollRequest(ConnectorServices.Connection, entity, PollMode.Backfill) { IgnoreSchedule = true }, sink, cancellationToken).ConfigureAwait(false);
                times.Add(result.Duration);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label} {entity}: {result.Outcome}, {result.RowsRead} rows, {result.EventsPublished} events, {result.Pages} pages, {result.P21Requests} OData requests, {result.Duration.TotalSeconds:F1} s, {result.RowsRead / result.Duration.TotalSeconds:F0} rows/s; {MachineInfo.Load()}"));
            }

            Console.WriteLine($"  {label} memory: {memory.Describe()}; {cpu.Describe()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label} GC: {GC.CollectionCount(0) - gc.Gen0} gen0, {GC.CollectionCount(1) - gc.Gen1} gen1, {GC.CollectionCount(2) - gc.Gen2} gen2 collections, {(GC.GetTotalPauseDuration() - gc.Pause).TotalSeconds:F2} s paused, {MemorySampler.Mb(GC.GetTotalAllocatedBytes() - gc.Allocated)} MB allocated"));

            // With in-memory stores this is mostly the 400k fingerprints they keep; in production those live in Table Storage.
            retained = GC.GetTotalMemory(forceFullCollection: true);
        }

        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label} total {TimeSpan.FromTicks(times.Sum(t => t.Ticks)).TotalSeconds:F1} s; sandbox saw {stats.TotalRequests} requests ({stats.Describe()}), {stats.RowsServed} rows; managed heap retained after the run (stores still alive) {MemorySampler.Mb(retained)} MB"));
        return [.. times];
    }
}
