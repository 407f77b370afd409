using System.Globalization;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Issue "Outbound sync" (a): backfill of items (inv_mast) and inventory (inv_loc) with 20 ms added latency per request,
/// compared with the sandbox serving the same keyset pages to a raw HttpClient loop. The runner reads one entity
/// sequentially (one page in flight), so the baseline's concurrency is 1 too.
/// </summary>
internal static class BackfillBench
{
    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var items = args.Number("items", 100_000);
        var pageSize = args.Number("page-size", 1000);
        var latency = args.Number("latency", 20);
        var db = args.Text("db", Path.Combine(Path.GetTempPath(), $"p21-bench-{items}.db"));
        Console.WriteLine($"backfill: items {items}, locations 3 (inv_loc {items * 3}), page size {pageSize}, latency {latency} ms, database {db} ({(File.Exists(db) ? "reused" : "seeded now")})");

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
        PollSource[] sources = [catalogue.Get("items").Primary, catalogue.Get("inventory").Primary];

        var before = await BaselineAsync(sandbox, sources, pageSize, "baseline (before)", cancellationToken).ConfigureAwait(false);
        var connector = await ConnectorAsync(sandbox, pageSize, cancellationToken).ConfigureAwait(false);
        var after = await BaselineAsync(sandbox, sources, pageSize, "baseline (after)", cancellationToken).ConfigureAwait(false);

        var serveAlone = TimeSpan.FromTicks(Math.Min(before.Ticks, after.Ticks));
        var ratio = connector.TotalSeconds / serveAlone.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT backfill: connector {connector.TotalSeconds:F1} s vs serve-alone {serveAlone.TotalSeconds:F1} s (best of two) = {ratio:F2}x ({(ratio - 1) * 100:+0;-0}%); target within +10%: {(ratio <= 1.10 ? "met" : "MISSED")}; {MachineInfo.Load()}"));
    }

    private static async Task<TimeSpan> BaselineAsync(SandboxProcess sandbox, IReadOnlyList<PollSource> sources, int pageSize, string label, CancellationToken cancellationToken)
    {
        using var reader = await RawKeysetReader.StartAsync(sandbox.BaseAddress, cancellationToken).ConfigureAwait(false);
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var total = TimeSpan.Zero;
        foreach (var source in sources)
        {
            var (rows, requests, elapsed) = await reader.ReadAllAsync(source.Table, source.KeyColumns, source.Select, pageSize, since: null, cancellationToken).ConfigureAwait(false);
            total += elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label} {source.Table}: {rows} rows, {requests} requests, {elapsed.TotalSeconds:F1} s, {rows / elapsed.TotalSeconds:F0} rows/s; {MachineInfo.Load()}"));
        }

        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} total {total.TotalSeconds:F1} s; sandbox saw {stats.TotalRequests} requests ({stats.Describe()}), {stats.RowsServed} rows"));
        return total;
    }

    private static async Task<TimeSpan> ConnectorAsync(SandboxProcess sandbox, int pageSize, CancellationToken cancellationToken)
    {
        GC.Collect();
        await using var services = ConnectorServices.ForPolling(sandbox, pageSize);
        var runner = services.GetRequiredService<PollRunner>();
        var sink = new CountingSink();
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var total = TimeSpan.Zero;
        long retained;
        await using (var memory = new MemorySampler())
        {
            foreach (var entity in new[] { "items", "inventory" })
            {
                var result = await runner.RunAsync(new PollRequest(ConnectorServices.Connection, entity, PollMode.Backfill) { IgnoreSchedule = true }, sink, cancellationToken).ConfigureAwait(false);
                total += result.Duration;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  connector {entity}: {result.Outcome}, {result.RowsRead} rows, {result.EventsPublished} events, {result.Pages} pages, {result.P21Requests} OData requests, {result.Duration.TotalSeconds:F1} s, {result.RowsRead / result.Duration.TotalSeconds:F0} rows/s; {MachineInfo.Load()}"));
            }

            Console.WriteLine($"  connector memory: {memory.Describe()}");

            // What the in-memory fingerprint store keeps (400k fingerprints): in production these live in Table Storage.
            retained = GC.GetTotalMemory(forceFullCollection: true);
        }

        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  connector total {total.TotalSeconds:F1} s; sandbox saw {stats.TotalRequests} requests ({stats.Describe()}), {stats.RowsServed} rows; managed heap retained after the run (in-memory stores alive) {MemorySampler.Mb(retained)} MB"));
        return total;
    }
}
