using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Issue "Inbound", writer half: sales orders through <see cref="CommandWriter"/> into the sandbox with 30 ms latency,
/// at write concurrency 2 and 8 (as many workers as the bound), with the in-memory ledger and the Azurite Table ledger;
/// plus the ledger's own cost per order (claim + commit) timed alone.
/// </summary>
internal static class WriterBench
{
    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var orders = args.Number("orders", 100);
        var latency = args.Number("latency", 30);
        var storage = AzuriteConnection.String;
        Console.WriteLine($"writer: {orders} orders per configuration (2 lines each), latency {latency} ms, table ledger at {(storage.StartsWith("UseDevelopmentStorage", StringComparison.Ordinal) ? storage : "P21_TEST_STORAGE")}");
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        await sandbox.SetLatencyAsync(latency, cancellationToken).ConfigureAwait(false);

        // A-B-B-A order (then the mirror) so drift in the shared machine's load hits both ledgers alike.
        (string Ledger, int Concurrency)[] plan = [("memory", 2), (storage, 2), (storage, 8), ("memory", 8)];
        foreach (var (ledger, concurrency) in plan.Concat(plan.Reverse()))
        {
            try
            {
                await RunConfigurationAsync(sandbox, ledger, concurrency, orders, latency, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                Console.WriteLine($"  {Label(ledger)} ledger, concurrency {concurrency}: NOT MEASURED ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
            }
        }

        foreach (var ledger in new[] { "memory", storage })
        {
            try
            {
                await LedgerAloneAsync(sandbox, ledger, orders * 2, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                Console.WriteLine($"  {Label(ledger)} ledger alone: NOT MEASURED ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
            }
        }
    }

    private static string Label(string ledger) => ledger == "memory" ? "in-memory" : "Azurite Table";

    private static async Task RunConfigurationAsync(SandboxProcess sandbox, string ledger, int concurrency, int orders, int latency, CancellationToken cancellationToken)
    {
        await using var services = await WriterServicesAsync(sandbox, ledger, concurrency, cancellationToken).ConfigureAwait(false);
        var facts = services.GetRequiredService<SandboxFacts>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var commands = Enumerable.Range(0, orders).Select(i => Command(facts, $"B{run}-{concurrency}-{i}")).ToList();
        var result = await TimeWritesAsync(sandbox, services.GetRequiredService<CommandWriter>(), Command(facts, $"B{run}-warm-{concurrency}"), commands, concurrency, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT writer {Label(ledger)} ledger, write concurrency {concurrency}: {result.Committed}/{orders} committed in {result.Elapsed.TotalSeconds:F1} s = {result.OrdersPerSecond:F1} orders/s, {result.Elapsed.TotalMilliseconds / orders:F0} ms wall per order; P21 requests {result.Stats.TotalRequests} ({(double)result.Stats.TotalRequests / orders:F1} per order: {result.Stats.Describe()}); {MachineInfo.Load()}"));
        // The customer and SKUs repeat from the warm-up on, so every timed order is the issue's "repeat customer with
        // known SKUs": the look-up by reference, the transaction and the read-back are all it should cost.
        double perOrder = (double)result.Stats.TotalRequests / orders;
        double bound = concurrency / (perOrder * latency / 1000.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT writer targets {Label(ledger)} ledger, concurrency {concurrency}: {perOrder:F2} P21 requests per order (target <= 3: {(perOrder <= 3 ? "met" : "MISSED")}); {result.OrdersPerSecond:F1} orders/s vs concurrency / (requests per order x latency) = {bound:F1} orders/s = {result.OrdersPerSecond / bound:P0} (target >= 90%: {(result.OrdersPerSecond >= 0.9 * bound ? "met" : "MISSED")}); {MachineInfo.Load()}"));
        if (result.Other.Count > 0)
        {
            Console.WriteLine($"  not committed: {string.Join(" | ", result.Other.Take(3))}");
        }
    }

    /// <summary>
    /// <paramref name="commands"/> through <paramref name="writer"/> at <paramref name="concurrency"/> workers, timed on
    /// the wall clock, with the sandbox's request counts of the timed part only.
    /// </summary>
    internal static async Task<WriteRun> TimeWritesAsync(SandboxProcess sandbox, CommandWriter writer, WriteCommand warmUp, IReadOnlyList<WriteCommand> commands, int concurrency, CancellationToken cancellationToken)
    {
        // One warm-up order (token, connection pool, JIT) outside the clock.
        await writer.HandleAsync(WriteCommandSerializer.Serialize(warmUp), warmUp.CommandId, 1, cancellationToken).ConfigureAwait(false);
        await sandbox.ResetStatsAsync(cancellationToken).ConfigureAwait(false);
        var committed = 0;
        var other = new List<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(commands, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (command, ct) =>
        {
            var outcome = await writer.HandleAsync(WriteCommandSerializer.Serialize(command), command.CommandId, 1, ct).ConfigureAwait(false);
            if (outcome is WriteOutcome.Committed)
            {
                Interlocked.Increment(ref committed);
            }
            else
            {
                lock (other)
                {
                    other.Add(outcome.ToString());
                }
            }
        }).ConfigureAwait(false);
        clock.Stop();
        var stats = await sandbox.StatsAsync(cancellationToken).ConfigureAwait(false);
        return new WriteRun(committed, commands.Count, clock.Elapsed, stats, other);
    }

    private static async Task LedgerAloneAsync(SandboxProcess sandbox, string ledger, int orders, CancellationToken cancellationToken)
    {
        await using var services = await WriterServicesAsync(sandbox, ledger, 2, cancellationToken).ConfigureAwait(false);
        var store = services.GetRequiredService<IIdempotencyLedger>();
        var run = Guid.NewGuid().ToString("N")[..6];
        await store.TryBeginAsync(ConnectorServices.Connection, $"warm:{run}", "warm", "SalesOrder.Create", cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var key = $"shopify:SalesOrder.Create:{run}-{i}";
            await store.TryBeginAsync(ConnectorServices.Connection, key, $"cmd-{run}-{i}", "SalesOrder.Create", cancellationToken).ConfigureAwait(false);
            await store.MarkCommittedAsync(ConnectorServices.Connection, key, (1_000_000 + i).ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ledger alone, {Label(ledger)}: claim + commit {clock.Elapsed.TotalMilliseconds / orders:F3} ms per order (sequential, {orders} orders); {MachineInfo.Load()}"));
    }

    /// <summary>The seeded sandbox values, read over a client of its own.</summary>
    internal static async Task<SandboxFacts> FactsAsync(SandboxProcess sandbox, CancellationToken cancellationToken)
    {
        var connection = ConnectorServices.Configuration(sandbox, 100, "memory", null);
        var probe = new ServiceCollection().AddP21Secrets(connection).AddP21Client(connection).BuildServiceProvider();
        await using (probe.ConfigureAwait(false))
        {
            return await SandboxFacts.ReadAsync(probe.GetRequiredService<IP21ClientProvider>().Get(ConnectorServices.Connection), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<ServiceProvider> WriterServicesAsync(SandboxProcess sandbox, string ledger, int concurrency, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(sandbox, cancellationToken).ConfigureAwait(false);
        var configuration = ConnectorServices.Configuration(sandbox, 100, ledger, concurrency,
        [
            new("Writer:DefaultSalesLocationId", facts.LocationId),
            new("Writer:DefaultSalesrepId", facts.SalesrepId),
            new("Writer:DefaultBranch", facts.BranchId),

            // Amazon buyer e-mails are per-buyer relay addresses, so the pulled orders of bench amazon-pull go to a house account
            // (each with its own ship-to) rather than creating a P21 customer each; other sources ignore it.
            new("Writer:HouseCustomerIds:amazon", facts.CustomerId),
        ]);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(facts)
            .AddSingleton<IChangeSink, CountingSink>()
            .AddP21Secrets(configuration)
            .AddP21Client(configuration)
            .AddP21Storage(configuration);

        // Only the ledger varies; mappings and parked records stay in memory in both configurations.
        services.AddSingleton<IMappingStore>(new InMemoryMappingStore(TimeProvider.System));
        services.AddSingleton<IParkedRecordStore>(new InMemoryParkedRecordStore(TimeProvider.System));
        services.AddLogging().AddP21Write(configuration);
        return services.BuildServiceProvider();
    }

    internal static WriteCommand Command(SandboxFacts facts, string externalId)
    {
        var address = new PostalAddress("Buyer", "", "1 Test Way", "", "", "Springfield", "IL", "62701", "US", "555-0100", "buyer@example.com");
        var order = new SalesOrderCreate(
            externalId,
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddDays(3),
            new OrderCustomer(facts.CustomerEmail, "Buyer", "555-0100", "cust-" + facts.CustomerId, ""),
            address,
            address,
            [new OrderLine(facts.Items[0], 2, 4.25m, "item"), new OrderLine(facts.Items[1], 1, 4.25m, "item")],
            "USD",
            "",
            new OrderTotals(1, 0, 0, 0, 1));
        return WriteCommand.Create("shopify", externalId, ConnectorServices.Connection, DateTimeOffset.UtcNow, order);
    }
}

/// <summary>One timed batch of writes: what committed, how long it took, and what P21 was asked meanwhile.</summary>
internal sealed record WriteRun(int Committed, int Orders, TimeSpan Elapsed, SandboxCounters Stats, IReadOnlyList<string> Other)
{
    public double OrdersPerSecond => Committed / Elapsed.TotalSeconds;
}

/// <summary>Seeded sandbox values the orders are written against, read over OData.</summary>
internal sealed record SandboxFacts(string LocationId, string BranchId, string SalesrepId, string CustomerId, string CustomerEmail, IReadOnlyList<string> Items)
{
    public static async Task<SandboxFacts> ReadAsync(P21Client client, CancellationToken cancellationToken)
    {
        var location = await FirstAsync(client, new ODataQuery("location", Filter: "delete_flag eq 'N'", OrderBy: ["location_id"]), cancellationToken).ConfigureAwait(false);
        var customer = await FirstAsync(client, new ODataQuery("customer", Filter: "delete_flag eq 'N'", OrderBy: ["customer_id"]), cancellationToken).ConfigureAwait(false);
        var customerId = customer.GetInt64("customer_id").ToString(CultureInfo.InvariantCulture);
        var address = await FirstAsync(client, new ODataQuery("address", Filter: $"id eq {customerId}", OrderBy: ["id"]), cancellationToken).ConfigureAwait(false);
        List<string> items = [];
        await foreach (var item in client.QueryAsync(new ODataQuery("inv_mast", Filter: "delete_flag eq 'N'", OrderBy: ["inv_mast_uid"], PageSize: 3), cancellationToken).ConfigureAwait(false))
        {
            items.Add(item.GetString("item_id")!);
            if (items.Count == 3)
            {
                break;
            }
        }

        return new SandboxFacts(
            location.GetInt64("location_id").ToString(CultureInfo.InvariantCulture),
            location.GetString("default_branch_id")!,
            customer.GetString("salesrep_id")!,
            customerId,
            address.GetString("email_address")!,
            items);
    }

    private static async Task<P21Row> FirstAsync(P21Client client, ODataQuery query, CancellationToken cancellationToken)
    {
        await foreach (var row in client.QueryAsync(query with { PageSize = 1 }, cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        throw new InvalidOperationException($"the sandbox has no {query.Name} row");
    }
}
