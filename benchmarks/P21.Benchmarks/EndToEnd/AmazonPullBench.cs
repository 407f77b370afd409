using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Write;
using P21.Sandbox.Amazon;
using P21.Sandbox.Stores;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// <c>bench amazon-pull</c> (issue "Amazon as a first-class channel"): a day of orders pulled from <see cref="SpApiFake"/>,
/// which enforces the published getOrders / getOrderItems usage plans, by <see cref="AmazonOrderPull"/> run as its timer
/// would run it. The fake, the pull and its lease share a <see cref="JumpingClock"/>, so a simulated day takes seconds
/// and every rate-limit wait is measured in virtual time. Reports the calls made against the least the plans allow for
/// the same runs, the time the calls needed against the least wait, and that every order was enqueued once; then writes
/// a share of the pulled commands into the P21 sandbox next to the writer bench's own orders.
/// </summary>
internal static class AmazonPullBench
{
    // Amazon's default MaxResultsPerPage, which is also its maximum; the client does not ask for another size.
    private const int PageSize = 100;

    // LWA access tokens and restricted data tokens live an hour (expires_in / expiresIn 3600).
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3600);

    // The pull's lease heartbeat beats every third of its two-minute lease; it must not spin the virtual clock.
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMinutes(2) / 3;

    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        int dayOrders = args.Number("day-orders", 5_000);
        var interval = TimeSpan.FromMinutes(args.Number("interval-min", 10));
        int writeOrders = args.Number("orders", 200);
        int latency = args.Number("latency", 30);
        Console.WriteLine($"amazon-pull: {dayOrders} MFN orders (1-3 lines) over {Day:yyyy-MM-dd} UTC on a daily curve (peak hour {AmazonOrderDay.PeakHourOrders(dayOrders)} orders), a pull every {interval.TotalMinutes:0} simulated minutes with restricted data (full address); then {writeOrders} orders per write pass (Amazon's to the house customer), latency {latency} ms");
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        await sandbox.SetLatencyAsync(latency, cancellationToken).ConfigureAwait(false);
        var facts = await WriterBench.FactsAsync(sandbox, cancellationToken).ConfigureAwait(false);

        List<WriteCommand> pulled = await PullDayAsync(dayOrders, interval, facts.Items, cancellationToken).ConfigureAwait(false);
        await WriteAsync(sandbox, facts, pulled, writeOrders, latency, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<WriteCommand>> PullDayAsync(int dayOrders, TimeSpan interval, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var clock = new JumpingClock(Day) { Background = due => due == HeartbeatPeriod };
        await using var fake = await SpApiFake.StartAsync(clock).ConfigureAwait(false);
        fake.PageSize = PageSize;
        List<DateTimeOffset> updates = AmazonOrderDay.Seed(fake, Day, dayOrders, skus);
        var queue = new CollectingCommandQueue();
        await using var services = PullServices(fake, clock, queue);
        var pull = services.GetRequiredService<AmazonOrderPull>();

        var ordersPlan = new UsagePlanBucket(SpApiFake.GetOrdersPlan.Rate, SpApiFake.GetOrdersPlan.Burst);
        var itemsPlan = new UsagePlanBucket(SpApiFake.GetOrderItemsPlan.Rate, SpApiFake.GetOrderItemsPlan.Burst);
        int runs = 0, enqueued = 0, leastOrders = 0, leastItems = 0, listed = 0, cut = 0;
        TimeSpan needed = TimeSpan.Zero, least = TimeSpan.Zero, longest = TimeSpan.Zero;
        DateTimeOffset? watermark = null;
        DateTimeOffset tick = Day + interval;
        DateTimeOffset first = tick;
        var wall = Stopwatch.StartNew();

        // Until every order is in, with a stop well past the day in case the pull never gets there.
        while (enqueued < dayOrders && tick <= Day.AddDays(3))
        {
            if (tick > clock.GetUtcNow())
            {
                clock.Advance(tick - clock.GetUtcNow());
            }

            DateTimeOffset start = clock.GetUtcNow();
            AmazonOrderPullResult result = await pull.RunAsync(new AmazonOrderPullRequest(), cancellationToken).ConfigureAwait(false);
            TimeSpan took = clock.GetUtcNow() - start;
            runs++;
            needed += took;
            longest = took > longest ? took : longest;
            enqueued += result.Count(PulledOrderOutcome.Enqueued);
            listed += result.Orders.Count;
            cut += result.More ? 1 : 0;

            // The least for this run, from the seeded day rather than from what the pull reports: the orders updated
            // since the previous run's committed watermark, up to this run's, each needing one getOrderItems call.
            int visible = result.Watermark is { } committed ? updates.Count(u => (watermark is null || u > watermark) && u <= committed) : 0;
            int pages = Math.Max(1, (int)Math.Ceiling(visible / (double)PageSize));
            leastOrders += pages;
            leastItems += visible;
            TimeSpan ordersWait = ordersPlan.Spend(start, pages);
            least += ordersWait + itemsPlan.Spend(start + ordersWait, visible);
            watermark = result.Watermark ?? watermark;

            // A run longer than the interval skips the ticks it overlapped, as the timer does.
            do
            {
                tick += interval;
            }
            while (tick <= clock.GetUtcNow());
        }

        wall.Stop();
        TimeSpan span = clock.GetUtcNow() - first;
        int leastTokens = Math.Max(1, (int)Math.Ceiling(span / TokenLifetime));
        int made = fake.OrdersCalls + fake.ItemsCalls + fake.TokenCalls + fake.RestrictedTokenCalls;
        int leastTotal = leastOrders + leastItems + (2 * leastTokens);
        double ratio = made / (double)leastTotal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {runs} runs from {first:HH:mm} to {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} (virtual), {listed} orders listed (incl. the Amazon:Orders:Overlap re-reads), {cut} runs cut at MaxRunDuration, longest run {longest.TotalSeconds:0} s; wall {wall.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT amazon-pull calls: getOrders {fake.OrdersCalls} (least {leastOrders}), getOrderItems {fake.ItemsCalls} (least {leastItems}), LWA token {fake.TokenCalls} (least {leastTokens}), createRestrictedDataToken {fake.RestrictedTokenCalls} (least {leastTokens}); total {made} vs least {leastTotal} = {ratio:0.000}x (target <= 1.10x: {(ratio <= 1.10 ? "met" : "MISSED")}); {fake.ThrottledAnswers} answered 429, {fake.UnauthorizedAnswers} answered 403; {MachineInfo.Load()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT amazon-pull time: the calls needed {needed.TotalSeconds:0.0} s of simulated time (rate-limit waits {clock.Waited.TotalSeconds:0.0} s) vs least wait the usage plans allow for the same runs {least.TotalSeconds:0.0} s; {MachineInfo.Load()}"));

        var commands = queue.Messages.Select(m => WriteCommandSerializer.Deserialize(m.Body)).ToList();
        int distinct = commands.Select(c => c.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
        bool once = distinct == dayOrders && commands.Count == dayOrders;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT amazon-pull enqueued: {commands.Count} messages, {distinct} distinct idempotency keys of {dayOrders} orders (target every order exactly once: {(once ? "met" : "MISSED")}); {MachineInfo.Load()}"));
        return commands;
    }

    private static ServiceProvider PullServices(SpApiFake fake, JumpingClock clock, CollectingCommandQueue queue)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Amazon:Endpoint"] = fake.BaseUrl.ToString(),
            ["Amazon:TokenEndpoint"] = fake.TokenEndpoint.ToString(),
            ["Amazon:ClientId"] = SpApiFake.ClientId,
            ["Amazon:ClientSecretName"] = "amazon-lwa-client-secret",
            ["Amazon:RefreshTokenName"] = "amazon-refresh-token",
            ["Amazon:MarketplaceIds:0"] = SpApiFake.Marketplace,

            // An MFN seller needs the street address to ship (docs/amazon.md): without it the writer parks the order.
            ["Amazon:Orders:RestrictedData"] = "true",
            ["Secrets:amazon-lwa-client-secret"] = SpApiFake.ClientSecret,
            ["Secrets:amazon-refresh-token"] = SpApiFake.RefreshToken,
            ["Storage:ConnectionString"] = "memory",
            ["Intake:Connection"] = ConnectorServices.Connection,
        }).Build();

        // The pull as AddP21Connector registers it, over in-memory stores, with the queue kept for the write passes.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddP21Secrets(configuration)
            .AddP21Amazon(configuration)
            .AddP21Storage(configuration)
            .AddP21Intake(configuration);
        services.AddSingleton<ICommandQueue>(queue);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// Pulled commands and the writer bench's generated ones through the writer with the in-memory ledger, at the
    /// writer bench's concurrencies, A-B-B-A then mirrored so load drift hits both alike. Every pass writes orders P21
    /// has not seen, so none is answered by the writer's look-up of an existing order.
    /// </summary>
    private static async Task WriteAsync(SandboxProcess sandbox, SandboxFacts facts, List<WriteCommand> pulled, int orders, int latency, CancellationToken cancellationToken)
    {
        if (orders <= 0)
        {
            Console.WriteLine("  P21 write: skipped (--orders 0)");
            return;
        }

        (bool Pulled, int Concurrency)[] plan = [(false, 2), (true, 2), (true, 8), (false, 8)];
        int pulledPasses = plan.Count(p => p.Pulled) * 2;
        if (pulled.Count < pulledPasses * (orders + 1))
        {
            Console.WriteLine($"RESULT amazon-pull P21 write: NOT MEASURED ({pulled.Count} pulled orders, {pulledPasses} passes of {orders} + 1 warm-up need {pulledPasses * (orders + 1)})");
            return;
        }

        var runs = new Dictionary<(bool Pulled, int Concurrency), List<WriteRun>>();
        int slice = 0;
        foreach (var (isPulled, concurrency) in plan.Concat(plan.Reverse()))
        {
            await using var services = await WriterBench.WriterServicesAsync(sandbox, "memory", concurrency, cancellationToken).ConfigureAwait(false);
            var writer = services.GetRequiredService<CommandWriter>();
            WriteCommand warmUp;
            List<WriteCommand> commands;
            if (isPulled)
            {
                var share = pulled.Skip(slice++ * (orders + 1)).Take(orders + 1).ToList();
                warmUp = share[0];
                commands = share[1..];
            }
            else
            {
                string run = Guid.NewGuid().ToString("N")[..6];
                warmUp = WriterBench.Command(facts, $"B{run}-warm-{concurrency}");
                commands = [.. Enumerable.Range(0, orders).Select(i => WriterBench.Command(facts, $"B{run}-{concurrency}-{i}"))];
            }

            WriteRun result = await WriterBench.TimeWritesAsync(sandbox, writer, warmUp, commands, concurrency, cancellationToken).ConfigureAwait(false);
            double lines = commands.Average(c => c.Payload is SalesOrderCreate create ? create.Lines.Count : 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(isPulled ? "pulled Amazon" : "writer bench")} orders, concurrency {concurrency}: {result.Committed}/{result.Orders} committed in {result.Elapsed.TotalSeconds:F1} s = {result.OrdersPerSecond:F1} orders/s, {lines:0.00} lines per order, {(double)result.Stats.TotalRequests / result.Orders:F1} P21 requests per order ({result.Stats.Describe()}); {MachineInfo.Load()}"));
            if (result.Other.Count > 0)
            {
                Console.WriteLine($"  not committed: {string.Join(" | ", result.Other.Take(3))}");
            }

            if (!runs.TryGetValue((isPulled, concurrency), out var list))
            {
                runs[(isPulled, concurrency)] = list = [];
            }

            list.Add(result);
        }

        foreach (int concurrency in plan.Select(p => p.Concurrency).Distinct())
        {
            // Rate over both passes together: total committed over total time.
            double Rate(bool isPulled) => runs[(isPulled, concurrency)].Sum(r => r.Committed) / runs[(isPulled, concurrency)].Sum(r => r.Elapsed.TotalSeconds);
            double ours = Rate(true);
            double bench = Rate(false);
            bool allCommitted = runs.Where(r => r.Key.Concurrency == concurrency).SelectMany(r => r.Value).All(r => r.Committed == r.Orders);
            bool met = allCommitted && ours >= 0.9 * bench;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT amazon-pull P21 write, concurrency {concurrency}, {orders} orders x 2 passes each, {latency} ms latency: pulled orders {ours:F1} orders/s vs the writer bench's orders {bench:F1} orders/s in the same run = {ours / bench:0.00}x (target >= 0.90x, every order committed: {(met ? "met" : "MISSED")}); {MachineInfo.Load()}"));
        }
    }
}
