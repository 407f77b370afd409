using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;

using P21.Cli.Commands.Backfill;
using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Intake.Signatures;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.Sandbox;
using P21.Sandbox.Stores;

using Spectre.Console;

namespace P21.Cli.Commands.Demo;

/// <summary>
/// The README's main job: a sandbox on a free loopback port, Azurite when it answers (else in-process stores), a fresh
/// connection name per run (so runs never collide in Azurite), then every flow through the real core services.
/// </summary>
internal sealed class DemoAction(ParseResult parseResult, GlobalOptions options)
{
    /// <summary>The Shopify app secret the demo signs its order with (the connector verifies it like any delivery).</summary>
    public const string ShopifySecret = "demo-shopify-app-secret";

    private const string UnknownSku = "DEMO-NOT-IN-P21";
    private const string PushedItem = "DEMO-PUSH-1";
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<(string Step, string Result, TimeSpan Time)> _steps = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IConsoleOutput output = CliSession.OutputOf(parseResult);
        string storage = parseResult.GetValue(options.Storage) ?? "";
        if (storage.Length == 0)
        {
            if (await AzuriteProbe.AnswersAsync(cancellationToken))
            {
                storage = GlobalOptions.DefaultStorage;
                output.Result(true, "storage: Azurite answers on 127.0.0.1:10002; state goes to Table Storage");
            }
            else
            {
                storage = StorageOptions.InMemory;
                output.Warn("storage: Azurite is not answering on 127.0.0.1:10002 — start it with `npx azurite` to keep state in Table Storage; using in-process stores");
            }
        }

        var sandboxOptions = new SandboxOptions { OtherChargeItems = true };
        await using SandboxHost sandbox = await SandboxHost.StartAsync(sandboxOptions, "http://127.0.0.1:0", cancellationToken);
        output.Result(true, $"sandbox: P21 simulator on {sandbox.BaseAddress} ({sandboxOptions.Customers} customers, {sandboxOptions.Items} items, {sandboxOptions.SalesOrders} sales orders, server offset {sandboxOptions.UtcOffset:hh\\:mm} behind UTC)");
        // A storefront to push stock to: the loopback Shopify Admin API fake the push tests use, on the system clock.
        await using ShopifyAdminFake store = await ShopifyAdminFake.StartAsync(TimeProvider.System, PushedItem);

        string connection = "demo" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        string prefix = $"P21:Connections:{connection}";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:BaseUrl"] = sandbox.BaseAddress.ToString(),
            [$"{prefix}:AuthMode"] = "UserPassword",
            [$"{prefix}:UserName"] = sandboxOptions.UserName,
            [$"{prefix}:PasswordSecretName"] = "demo-p21-password",
            [$"{prefix}:ServerUtcOffset"] = sandboxOptions.UtcOffset.ToString("c", CultureInfo.InvariantCulture),
            ["Secrets:demo-p21-password"] = sandboxOptions.Password,
            ["Secrets:webhook-shopify"] = ShopifySecret,
            ["Storage:ConnectionString"] = storage,
            // One process by design: in-process stores are the demo's fallback when Azurite is not running.
            [CliSettings.AllowUnsharedLedgerKey] = "true",
            ["Writer:DefaultSalesLocationId"] = "10",
            ["Writer:DefaultSalesrepId"] = "SR01",
            ["Writer:DefaultBranch"] = "10",
            ["Writer:ChargeItems:Freight"] = "FREIGHT",
            ["Writer:ChargeItems:Handling"] = "HANDLING",
            ["Writer:ChargeItems:GiftWrap"] = "GIFTWRAP",
            ["Writer:ChargeItems:Fee"] = "FEE",
            ["Writer:GiftCardItemId"] = "GIFTCARD",
            ["Writer:NotesField"] = "delivery_instructions",
            ["Writer:CarrierMap:UPS Ground"] = "9001",
            ["Push:Targets:demo-shop:Platform"] = "Shopify",
            ["Push:Targets:demo-shop:Connection"] = connection,
            ["Push:Targets:demo-shop:Address"] = store.BaseUrl.ToString(),
            ["Push:Targets:demo-shop:CredentialSecret"] = "demo-shopify-token",
            ["Push:Targets:demo-shop:Locations:10"] = ShopifyAdminFake.Location1,
            ["Secrets:demo-shopify-token"] = ShopifyAdminFake.Token,
        };
        output.Line($"connection: {connection} (a new name per run, so runs never share watermarks, ledger or mappings)");
        return await CliRunner.RunAsync(parseResult, options, (session, ct) => RunFlowsAsync(session, sandbox, store, ct), cancellationToken, settings, connection);
    }

    private async Task<int> RunFlowsAsync(CliSession session, SandboxHost sandbox, ShopifyAdminFake store, CancellationToken cancellationToken)
    {
        IConsoleOutput output = session.Output;
        Dictionary<string, long> records = await BackfillAllAsync(session, cancellationToken);

        // A storefront order, signed like Shopify signs it, through intake → in-memory queue → writer → P21; then the same delivery again.
        var watch = Stopwatch.StartNew();
        IReadOnlyList<(string Sku, decimal Price)> items = await WebItemsAsync(session.Client(), cancellationToken);
        long orderId = 5_900_000_000_000 + RandomNumberGenerator.GetInt32(1, 1_000_000);
        byte[] payload = DemoOrder.Shopify(orderId, DateTimeOffset.UtcNow, [(items[0].Sku, items[0].Price, 2), (items[1].Sku, items[1].Price, 1)]);
        var writer = new InProcessWriter(session);
        WriteReport first = await writer.SubmitAsync("shopify", "orders", "application/json", Signed(payload), payload, cancellationToken);
        if (first.Status != "committed")
        {
            InProcessWriter.Print(first, output, "sales order");
            return ExitCodes.Failure;
        }

        output.Result(true, $"order: Shopify order {orderId} → intake (HMAC verified) → queue → writer → P21 sales order {first.P21Key} (2 lines + freight {DemoOrder.Freight:0.00} on FREIGHT, carrier UPS Ground)");
        WriteReport again = await writer.SubmitAsync("shopify", "orders", "application/json", Signed(payload), payload, cancellationToken);
        output.Result(again.Status == "duplicate", $"idempotency: the same delivery again → {again.Status} (order {again.P21Key}), nothing written twice");
        _steps.Add(("storefront order", $"order {first.P21Key}; redelivery {again.Status}", watch.Elapsed));

        // An order P21 cannot take (unknown SKU) is parked with its payload; a mapping fixes it and a replay writes it.
        watch.Restart();
        byte[] bad = DemoOrder.Shopify(orderId + 1, DateTimeOffset.UtcNow, [(UnknownSku, 12.5m, 1)]);
        WriteReport parked = await writer.SubmitAsync("shopify", "orders", "application/json", Signed(bad), bad, cancellationToken);
        output.Result(parked.Status == "parked", $"parked: {parked.Reason}");
        await session.Get<IMappingStore>().SetAsync(session.Connection, "shopify", MappingKind.Sku, UnknownSku, items[0].Sku, cancellationToken);
        ReplayResult replay = await session.Get<ParkedRecords>().ReplayAsync(session.Connection, parked.ParkedId ?? "", cancellationToken);
        string replayed = replay.Outcome is WriteOutcome.Committed c ? c.P21Key : replay.Error ?? replay.Outcome?.ToString() ?? "?";
        output.Result(replay.Succeeded, $"replay: SKU mapping {UnknownSku} → {items[0].Sku}, replayed → P21 sales order {replayed}");
        _steps.Add(("park, map, replay", $"order {replayed}", watch.Elapsed));

        // Ship the first order in P21, then poll: the shipment event carries the tracking number.
        watch.Restart();
        string tracking = "1Z" + RandomNumberGenerator.GetHexString(16).ToUpperInvariant();
        using (var http = new HttpClient { BaseAddress = sandbox.BaseAddress })
        {
            using HttpResponseMessage shipped = await http.PostAsJsonAsync($"_sandbox/orders/{first.P21Key}/ship", new ShipRequest(tracking, 9001), cancellationToken);
            shipped.EnsureSuccessStatusCode();
        }

        var sink = new InMemoryChangeSink();
        PollRunner runner = session.Get<PollRunner>();
        foreach (string entity in new[] { "shipments", "sales-orders" })
        {
            await runner.RunAsync(new PollRequest(session.Connection, entity) { IgnoreSchedule = true }, sink, cancellationToken);
        }

        ChangeEvent? trackingEvent = sink.Events.FirstOrDefault(e => e.Type.Contains("shipment", StringComparison.OrdinalIgnoreCase) && e.Data.GetRawText().Contains(tracking, StringComparison.Ordinal));
        output.Result(trackingEvent is not null, trackingEvent is null
            ? $"tracking: no shipment event carried {tracking}"
            : $"tracking: {trackingEvent.Type} {trackingEvent.Subject} carries tracking number {tracking} (event id {trackingEvent.Id})");
        _steps.Add(("ship + poll", $"{sink.Events.Count} events, tracking {(trackingEvent is null ? "missing" : "found")}", watch.Elapsed));

        // Stock changes in P21; the inventory poll publishes it and the push flow sets it on the store.
        watch.Restart();
        int? pushed = await PushStockAsync(session, sandbox, store, cancellationToken);
        output.Result(pushed == 40, pushed is null
            ? $"push: the store has no quantity for {PushedItem}"
            : $"push: P21 stock of {PushedItem} at location 10 → 42 on hand, 2 allocated → inventory poll → push → Shopify (loopback fake) shows {pushed} available at {ShopifyAdminFake.Location1} ({store.SetCalls} inventorySetQuantities call)");
        _steps.Add(("stock → storefront", $"available {pushed?.ToString(CultureInfo.InvariantCulture) ?? "missing"} on the store", watch.Elapsed));

        int open = 0;
        await foreach (ParkedRecord _ in session.Get<IParkedRecordStore>().ListAsync(session.Connection, new ParkedRecordFilter(Status: ParkedStatus.Parked), cancellationToken))
        {
            open++;
        }

        PrintSummary(output, records, sink.Events.Count, open);
        bool ok = again.Status == "duplicate" && parked.Status == "parked" && replay.Succeeded && trackingEvent is not null && pushed == 40;
        output.Result(ok, $"demo finished in {_total.Elapsed.TotalSeconds:0.0} s");
        return ok ? ExitCodes.Ok : ExitCodes.Failure;

        static IReadOnlyDictionary<string, string> Signed(byte[] body) => new Dictionary<string, string>
        {
            [ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, ShopifySecret),
            [ShopifySignature.TopicHeader] = "orders/create",
            [ShopifySignature.WebhookIdHeader] = Guid.NewGuid().ToString(),
            [ShopifySignature.TriggeredAtHeader] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    // What the push function does with a subscription batch, fed by the poll the inventory timer runs.
    private static async Task<int?> PushStockAsync(CliSession session, SandboxHost sandbox, ShopifyAdminFake store, CancellationToken cancellationToken)
    {
        using (var http = new HttpClient { BaseAddress = sandbox.BaseAddress })
        {
            using var row = new StringContent(
                $$"""{"company_id":"1","location_id":10,"inv_mast_uid":990201,"item_id":"{{PushedItem}}","qty_on_hand":42,"qty_allocated":2}""",
                System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage put = await http.PutAsync("_sandbox/rows/inv_loc", row, cancellationToken);
            put.EnsureSuccessStatusCode();
        }

        var sink = new InMemoryChangeSink();
        await session.Get<PollRunner>().RunAsync(new PollRequest(session.Connection, "inventory") { IgnoreSchedule = true }, sink, cancellationToken);
        await session.Get<PushDelivery>().DeliverAsync(PushPlatform.Shopify, [.. sink.Events.Select(CloudEventJson.Serialize)], cancellationToken);
        return store.Quantity(PushedItem, ShopifyAdminFake.Location1);
    }

    private async Task<Dictionary<string, long>> BackfillAllAsync(CliSession session, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var records = new Dictionary<string, long>(StringComparer.Ordinal);
        PollRunner runner = session.Get<PollRunner>();
        if (!session.Output.Console.Profile.Capabilities.Interactive)
        {
            // Redirected output (CI, tests, pipes): one line per entity instead of a redrawn progress bar.
            foreach (PollEntity entity in session.Get<PollEntityCatalogue>().Entities)
            {
                PollResult result = await runner.RunAsync(new PollRequest(session.Connection, entity.Name, PollMode.Backfill) { IgnoreSchedule = true }, new CountingSink(null), cancellationToken);
                records[entity.Name] = result.EventsPublished;
                session.Output.Line($"  {entity.Name}: {result.EventsPublished} records, {result.RowsRead} rows, {result.Pages} pages");
            }
        }
        else
        {
            await session.Output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RecordsColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                foreach (PollEntity entity in session.Get<PollEntityCatalogue>().Entities)
                {
                    ProgressTask task = context.AddTask(entity.Name, maxValue: 1);
                    task.IsIndeterminate = true;
                    var sink = new CountingSink(null, published => task.Increment(published));
                    PollResult result = await runner.RunAsync(new PollRequest(session.Connection, entity.Name, PollMode.Backfill) { IgnoreSchedule = true }, sink, cancellationToken);
                    records[entity.Name] = result.EventsPublished;
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(task.Value, 1);
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
        }

        session.Output.Result(true, $"backfill: {records.Values.Sum()} records from {records.Count} entities in {watch.Elapsed.TotalSeconds:0.0} s");
        _steps.Add(("backfill", $"{records.Values.Sum()} records", watch.Elapsed));
        return records;
    }

    private static async Task<IReadOnlyList<(string Sku, decimal Price)>> WebItemsAsync(P21Client client, CancellationToken cancellationToken)
    {
        var items = new List<(string, decimal)>();
        var query = new ODataQuery("inv_mast", Filter: "delete_flag eq 'N' and suppress_from_web_flag eq 'N'", Select: ["item_id", "price1"], OrderBy: ["item_id"], PageSize: 2);
        await foreach (P21Row row in client.QueryAsync(query, cancellationToken))
        {
            items.Add((row.GetString("item_id")!, row.TryGetDecimal("price1", out decimal price) ? price : 1m));
            if (items.Count == 2)
            {
                break;
            }
        }

        return items.Count == 2 ? items : throw new InvalidOperationException("the sandbox has fewer than two web items");
    }

    private void PrintSummary(IConsoleOutput output, Dictionary<string, long> records, int events, int parked)
    {
        var table = new Table().Title("p21 demo summary").AddColumns("what", "result", "time");
        foreach ((string entity, long count) in records)
        {
            table.AddRow(Markup.Escape($"records: {entity}"), count.ToString(CultureInfo.InvariantCulture), "");
        }

        foreach ((string step, string result, TimeSpan time) in _steps)
        {
            table.AddRow(Markup.Escape(step), Markup.Escape(result), time.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture));
        }

        table.AddRow("orders written", "2 (one after replay); 1 redelivery skipped", "");
        table.AddRow("change events after shipping", events.ToString(CultureInfo.InvariantCulture), "");
        table.AddRow("parked (still open)", parked.ToString(CultureInfo.InvariantCulture), "");
        table.AddRow("total", "", _total.Elapsed.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture));
        output.Console.Write(table);
    }

    private sealed record ShipRequest(string TrackingNo, int CarrierId);
}
