using System.Globalization;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client.Models;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Issue "Outbound sync" (b): a steady day. 1% of the items change during the day (and 1% on each of the four days
/// before); the day is polled <c>--runs</c> times, one poll per slot. The changes are spread evenly over the first
/// <c>runs − quiet</c> slots; the last <c>--quiet</c> slots (the night) change nothing. Each run of our incremental
/// runner is compared with a look-back re-scan of the same moment (every run re-reads rows modified in the last 4
/// days, as common connectors do). The connector's clock is the replayed day's (<see cref="SimulatedClock"/>).
/// A poll is <b>quiet</b> when no row changed since the poll before it less the overlap (10 minutes): the polls whose
/// change probe (issue #16) may answer alone; the first night slot still has the last busy slot's tail in its overlap.
/// </summary>
internal static class SteadyDayBench
{
    private const int HistoryDays = 4;
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var items = args.Number("items", 100_000);
        var runs = args.Number("runs", 24);
        var quietSlots = Math.Clamp(args.Number("quiet", runs / 3), 0, runs - 1);
        var pageSize = args.Number("page-size", 1000);
        var latency = args.Number("latency", 20);
        var probe = args.Text("probe", "on") != "off";
        var perDay = items / 100;
        var seedDb = args.Text("db", Path.Combine(Path.GetTempPath(), $"p21-bench-{items}.db"));
        var db = await CopyOfSeedAsync(seedDb, items, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"steady-day: items {items}, {perDay} changed per day ({HistoryDays} prior days too), {runs} runs over the day ({runs - quietSlots} with changes, the last {quietSlots} without), page size {pageSize}, latency {latency} ms, change probe {(probe ? "on" : "off")}, database copy {db}");
        try
        {
            await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string> { ["DatabasePath"] = db }, cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var dayStart = now.AddDays(-1);
            var random = new Random(21);
            var uids = Enumerable.Range(1, items).OrderBy(_ => random.Next()).Take(perDay * (HistoryDays + 1)).ToArray();

            // History: the four days before, so the look-back window is as full as on any ordinary day.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await ChangeAsync(sandbox, uids[..(perDay * HistoryDays)], dayStart.AddDays(-HistoryDays), TimeSpan.FromDays(HistoryDays), "history", cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"  wrote {perDay * HistoryDays} history changes in {clock.Elapsed.TotalSeconds:F1} s");

            // Our runner catches up once at the start of the day (no latency: set-up, not measured).
            var time = new SimulatedClock(dayStart);
            await using var services = ConnectorServices.ForPolling(sandbox, pageSize, extra: [new("P21:Polling:ChangeProbe", probe ? "true" : "false")], time: time);
            var runner = services.GetRequiredService<PollRunner>();
            var sink = new CountingSink();
            var first = await runner.RunAsync(Request(), sink, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"  initial catch-up run (not measured): {first.RowsRead} rows, {first.P21Requests} requests, {first.Duration.TotalSeconds:F1} s");

            await sandbox.SetLatencyAsync(latency, cancellationToken).ConfigureAwait(false);
            using var reader = await RawKeysetReader.StartAsync(sandbox.BaseAddress, cancellationToken).ConfigureAwait(false);
            var select = PollEntityCatalogue.Default.Get("items").Primary;
            var today = uids[(perDay * HistoryDays)..];
            var busySlots = runs - quietSlots;
            var slot = TimeSpan.FromTicks(TimeSpan.FromDays(1).Ticks / runs);
            long oursRows = 0, oursRequests = 0, baseRows = 0, baseRequests = 0, changed = 0, quietPolls = 0, quietRequests = 0, busyPolls = 0, busyRequests = 0, quietTokens = 0;
            DateTimeOffset? lastChange = null;
            var previousPoll = dayStart;
            for (var run = 0; run < runs; run++)
            {
                var batch = run < busySlots ? today[(today.Length * run / busySlots)..(today.Length * (run + 1) / busySlots)] : [];
                var slotStart = dayStart + (slot * run);
                await ChangeAsync(sandbox, batch, slotStart, slot, $"run {run + 1}", cancellationToken).ConfigureAwait(false);
                changed += batch.Length;
                if (batch.Length > 0)
                {
                    lastChange = slotStart + (TimeSpan.FromTicks(slot.Ticks / batch.Length) * (batch.Length - 1));
                }

                var moment = slotStart + slot;
                var quiet = lastChange is null || lastChange < previousPoll - Overlap;
                previousPoll = moment;

                time.Set(moment);
                await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
                var ours = await runner.RunAsync(Request(), sink, cancellationToken).ConfigureAwait(false);
                var oursStats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);

                await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
                var (rows, requests, elapsed) = await reader.ReadAllAsync(select.Table, select.KeyColumns, select.Select, pageSize, moment.AddDays(-HistoryDays), PageOrder.Modified, cancellationToken).ConfigureAwait(false);

                oursRows += ours.RowsRead;
                oursRequests += oursStats.TotalRequests;
                baseRows += rows;
                baseRequests += requests;
                // OData only: a token refresh (one a day) lands in whichever poll it falls due in, quiet or not.
                if (quiet)
                {
                    quietPolls++;
                    quietRequests += oursStats.Requests("odata");
                    quietTokens += oursStats.Requests("token");
                }
                else if (batch.Length > 0)
                {
                    busyPolls++;
                    busyRequests += oursStats.Requests("odata");
                }

                var kind = quiet ? "quiet" : batch.Length > 0 ? "busy" : "settling";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run + 1,2} ({kind}{(ours.Quiet ? ", probe: no change" : string.Empty)}): {batch.Length} changed; ours {ours.RowsRead} rows / {oursStats.TotalRequests} requests ({oursStats.Describe()}) / {ours.EventsPublished} events / {ours.Duration.TotalMilliseconds:F0} ms; look-back {rows} rows / {requests} requests / {elapsed.TotalMilliseconds:F0} ms; {MachineInfo.Load()}"));
            }

            var rowsRatio = (double)baseRows / Math.Max(1, oursRows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT steady-day: {changed} rows changed over {runs} runs; ours {oursRows} rows read, {oursRequests} P21 requests ({(double)oursRows / runs:F0} rows, {(double)oursRequests / runs:F1} requests per run); " +
                $"look-back {baseRows} rows, {baseRequests} requests ({(double)baseRows / runs:F0} rows, {(double)baseRequests / runs:F1} per run); rows ratio {rowsRatio:F1}x, requests ratio {(double)baseRequests / oursRequests:F2}x; target >= 50x fewer rows: {(rowsRatio >= 50 ? "met" : "MISSED")}; {MachineInfo.Load()}"));
            var perQuiet = quietPolls == 0 ? double.NaN : (double)quietRequests / quietPolls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT steady-day quiet polls: {quietPolls} of {runs} polls had no change since the poll before less the overlap; requests per quiet poll {perQuiet:F2} (OData, 1 entity; plus {quietTokens} token refresh(es) that fell due in them; busy polls {(busyPolls == 0 ? 0 : (double)busyRequests / busyPolls):F2} OData); target <= 1 per entity: {(quietPolls > 0 && perQuiet <= 1 ? "met" : "MISSED")}; {MachineInfo.Load()}"));
        }
        finally
        {
            foreach (var file in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static PollRequest Request() => new(ConnectorServices.Connection, "items") { IgnoreSchedule = true };

    /// <summary>Changes the description of each row, stamping date_last_modified evenly across [from, from + span).</summary>
    private static async Task ChangeAsync(SandboxProcess sandbox, int[] uids, DateTimeOffset from, TimeSpan span, string label, CancellationToken cancellationToken)
    {
        var step = uids.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(span.Ticks / uids.Length);
        await Parallel.ForAsync(0, uids.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var stamp = from + (step * i);
            var row = new JsonObject
            {
                ["inv_mast_uid"] = uids[i],
                ["item_desc"] = $"CHANGED {label} {i}",
                ["date_last_modified"] = SandboxProcess.ServerLocal(stamp),
            };
            await sandbox.PutRowAsync("inv_mast", row, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>A private copy of the seeded database (seeding it first if needed), so every run starts from the seed.</summary>
    private static async Task<string> CopyOfSeedAsync(string seedDb, int items, CancellationToken cancellationToken)
    {
        if (!File.Exists(seedDb))
        {
            Console.WriteLine($"  seeding {seedDb} ({items} items, 3 locations)");
            await using var seeding = await SandboxProcess.StartAsync(new Dictionary<string, string>
            {
                ["Items"] = items.ToString(CultureInfo.InvariantCulture),
                ["Locations"] = "3",
                ["Customers"] = "50",
                ["SalesOrders"] = "0",
                ["PurchaseOrders"] = "0",
                ["Vendors"] = "1",
                ["DatabasePath"] = seedDb,
            }, cancellationToken).ConfigureAwait(false);
        }

        var copy = Path.Combine(Path.GetTempPath(), $"p21-bench-steady-{Guid.NewGuid():N}.db");
        File.Copy(seedDb, copy);
        if (File.Exists(seedDb + "-wal"))
        {
            File.Copy(seedDb + "-wal", copy + "-wal");
        }

        return copy;
    }
}
