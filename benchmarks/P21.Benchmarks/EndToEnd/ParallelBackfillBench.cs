using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// <c>bench backfill --concurrency N</c>: per entity, the backfill split into N key ranges (<c>P21:Polling:BackfillRanges</c>)
/// against the same backfill in one range, and against the sandbox serving the same N ranges alone, N at once
/// (<see cref="RawKeysetReader"/>: no mapping, no publishing). ReadConcurrency is N in both connector runs. Targets from
/// the performance issue: parallel within 1.15x of its serve-alone time, and at least 3.2x faster than one range at
/// 200 ms latency; the peak working set of the parallel run is printed next to them.
/// </summary>
internal static class ParallelBackfillBench
{
    public static async Task RunAsync(SandboxProcess sandbox, IReadOnlyList<string> entities, int pageSize, string storage, int concurrency, int latency, CancellationToken cancellationToken)
    {
        var catalogue = PollEntityCatalogue.Default;
        foreach (var entity in entities)
        {
            PollSource source = catalogue.Get(entity).Primary;

            // Parallel, one range, serve-alone, then each once more: best of two, so drift on the shared machine hits all three alike.
            var parallel = TimeSpan.MaxValue;
            var single = TimeSpan.MaxValue;
            var alone = TimeSpan.MaxValue;
            string memory = "";
            for (var pass = 1; pass <= 2; pass++)
            {
                var (p, m) = await ConnectorAsync(sandbox, entity, pageSize, storage, concurrency, ranges: concurrency, cancellationToken).ConfigureAwait(false);
                if (p < parallel)
                {
                    (parallel, memory) = (p, m);
                }

                single = Min(single, (await ConnectorAsync(sandbox, entity, pageSize, storage, concurrency, ranges: 1, cancellationToken).ConfigureAwait(false)).Elapsed);
                alone = Min(alone, await ServeAloneAsync(sandbox, source, pageSize, storage, concurrency, cancellationToken).ConfigureAwait(false));
            }

            double ratio = parallel / alone;
            double speedup = single / parallel;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT backfill {entity} ({source.Table}), {concurrency} ranges at {latency} ms: one range {single.TotalSeconds:F1} s, parallel {parallel.TotalSeconds:F1} s, serve-alone of the same ranges at the same concurrency {alone.TotalSeconds:F1} s (best of two each); parallel vs serve-alone {ratio:F2}x (target <= 1.15x: {(ratio <= 1.15 ? "met" : "MISSED")}); {speedup:F2}x faster than one range (target >= 3.2x at 200 ms: {(speedup >= 3.2 ? "met" : latency < 200 ? $"MISSED, and the target is set for 200 ms, not {latency}" : "MISSED")}); parallel run {memory}; {MachineInfo.Load()}"));
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<(TimeSpan Elapsed, string Memory)> ConnectorAsync(
        SandboxProcess sandbox, string entity, int pageSize, string storage, int concurrency, int ranges, CancellationToken cancellationToken)
    {
        GC.Collect();
        await using var services = ConnectorServices.ForPolling(sandbox, pageSize, storage, concurrency,
            [new("P21:Polling:BackfillRanges", ranges.ToString(CultureInfo.InvariantCulture))]);
        var runner = services.GetRequiredService<PollRunner>();
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        PollResult result;
        string memory;
        await using (var sampler = new MemorySampler())
        {
            result = await runner.RunAsync(new PollRequest(ConnectorServices.Connection, entity, PollMode.Backfill) { IgnoreSchedule = true }, new CountingSink(), cancellationToken).ConfigureAwait(false);
            memory = sampler.Describe();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  connector {entity}, {ranges} range(s): {result.Outcome}, {result.RowsRead} rows, {result.EventsPublished} events, {result.Pages} pages, {result.P21Requests} OData requests, {result.Duration.TotalSeconds:F1} s; {MachineInfo.Load()}"));
        return (result.Duration, memory);
    }

    // The same split the backfill makes (the connector's own bounds read), then each range read raw, all at once.
    private static async Task<TimeSpan> ServeAloneAsync(SandboxProcess sandbox, PollSource source, int pageSize, string storage, int concurrency, CancellationToken cancellationToken)
    {
        await using var services = ConnectorServices.ForPolling(sandbox, pageSize, storage, concurrency);
        P21Client client = services.GetRequiredService<IP21ClientProvider>().Get(ConnectorServices.Connection);
        var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter) { Order = PageOrder.Key };
        (IReadOnlyList<KeysetPosition> bounds, _) = await client.ReadKeyBoundsAsync(query, concurrency, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string>?[] edges = [null, .. bounds.Select(b => b.Key), null];
        using var reader = await RawKeysetReader.StartAsync(sandbox.BaseAddress, cancellationToken).ConfigureAwait(false);
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var reads = await Task.WhenAll(edges.Zip(edges.Skip(1)).Select(range =>
            reader.ReadAllAsync(source.Table, source.KeyColumns, source.Select, pageSize, since: null, PageOrder.Key, cancellationToken, range.First, range.Second))).ConfigureAwait(false);
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  serve-alone {source.Table}, {edges.Length - 1} range(s) at once: {reads.Sum(r => r.Rows)} rows, {reads.Sum(r => r.Requests)} requests, {clock.Elapsed.TotalSeconds:F1} s; {MachineInfo.Load()}"));
        return clock.Elapsed;
    }
}
