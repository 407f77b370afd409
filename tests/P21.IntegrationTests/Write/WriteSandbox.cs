using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.IntegrationTests.Client;

namespace P21.IntegrationTests.Write;

/// <summary>The writer wired to a real sandbox over loopback HTTP (real P21 client, in-memory ledger, parked store and mappings).</summary>
internal sealed class WriteSandbox : IAsyncDisposable
{
    private readonly ServiceProvider _writer;
    private readonly Func<ServiceProvider> _build;
    private readonly List<ServiceProvider> _others = [];

    private WriteSandbox(SandboxConnection connection, Func<ServiceProvider> build, SandboxFacts facts)
    {
        Connection = connection;
        _build = build;
        _writer = build();
        Facts = facts;
    }

    public SandboxConnection Connection { get; }

    public SandboxFacts Facts { get; }

    public P21Client Client => Connection.Client;

    public CommandWriter Writer => _writer.GetRequiredService<CommandWriter>();

    public ParkedRecords ParkedRecords => _writer.GetRequiredService<ParkedRecords>();

    public IIdempotencyLedger Ledger => _writer.GetRequiredService<IIdempotencyLedger>();

    public IMappingStore Mappings => _writer.GetRequiredService<IMappingStore>();

    public IParkedRecordStore Parked => _writer.GetRequiredService<IParkedRecordStore>();

    public RecordingSink Sink => _writer.GetRequiredService<RecordingSink>();

    /// <summary>Starts a sandbox and a writer over in-memory stores, or over <paramref name="storage"/>'s Table stores (Azurite).</summary>
    public static async Task<WriteSandbox> StartAsync(
        Func<IIdempotencyLedger, IIdempotencyLedger>? wrapLedger = null,
        Action<Dictionary<string, string?>>? settings = null,
        P21.IntegrationTests.Storage.AzuriteStorage? storage = null)
    {
        SandboxConnection connection = await SandboxConnection.StartAsync();
        SandboxFacts facts = await SandboxFacts.ReadAsync(connection.Client);
        Dictionary<string, string?> values = new()
        {
            ["Writer:DefaultSalesLocationId"] = facts.LocationId,
            ["Writer:DefaultSalesrepId"] = facts.SalesrepId,
            ["Writer:DefaultBranch"] = facts.BranchId,
            ["Writer:CarrierMap:ups"] = "UPS Ground",
            ["Settlements:Posting:ClearingAccount"] = "1000-00",
        };
        settings?.Invoke(values);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        // Stores and sink are shared by every writer instance built here, as they are shared by hosts in Azure.
        IIdempotencyLedger ledger = storage?.Get<IIdempotencyLedger>() ?? new InMemoryIdempotencyLedger(TimeProvider.System);
        ledger = wrapLedger?.Invoke(ledger) ?? ledger;
        IParkedRecordStore parked = storage?.Get<IParkedRecordStore>() ?? new InMemoryParkedRecordStore(TimeProvider.System);
        IMappingStore mappings = storage?.Get<IMappingStore>() ?? new InMemoryMappingStore(TimeProvider.System);
        var sink = new RecordingSink();
        IP21ClientProvider clients = connection.Services.GetRequiredService<IP21ClientProvider>();
        ServiceProvider Build()
        {
            ServiceCollection services = new();
            services.AddLogging();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(clients);
            services.AddSingleton(ledger);
            services.AddSingleton(parked);
            services.AddSingleton(mappings);
            services.AddSingleton(sink);
            services.AddSingleton<IChangeSink>(sink);
            services.AddP21Write(configuration);
            return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }

        return new WriteSandbox(connection, Build, facts);
    }

    /// <summary>Another writer over the same stores and P21, with its own in-process gate: a second host.</summary>
    public CommandWriter NewHost()
    {
        ServiceProvider provider = _build();
        _others.Add(provider);
        return provider.GetRequiredService<CommandWriter>();
    }

    public static WriteCommand Command(WriteCommandPayload payload, string externalId, string source = "shopify") =>
        WriteCommand.Create(source, externalId, "main", DateTimeOffset.UtcNow, payload);

    public SalesOrderCreate Order(string externalId, params (string Sku, decimal Qty)[] lines) =>
        new(
            externalId,
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddDays(3),
            new OrderCustomer(Facts.CustomerEmail, "Buyer", "555-0100", "cust-" + Facts.CustomerId, null),
            Address,
            Address,
            [.. lines.Select(l => new OrderLine(l.Sku, l.Qty, 4.25m, "item"))],
            "USD",
            null,
            null);

    public Task<WriteOutcome> SendAsync(WriteCommand command, int deliveryCount = 1) =>
        Writer.HandleAsync(WriteCommandSerializer.Serialize(command), command.CommandId, deliveryCount, CancellationToken.None);

    /// <summary>Counts orders by web reference through OData, the way an auditor would.</summary>
    public Task<long> CountOrdersAsync(string webReference) =>
        Client.CountAsync("oe_hdr", $"web_reference_no eq {ODataLiterals.String(webReference)}");

    public async ValueTask DisposeAsync()
    {
        foreach (ServiceProvider other in _others)
        {
            await other.DisposeAsync();
        }

        await _writer.DisposeAsync();
        await Connection.DisposeAsync();
    }

    // Optional fields left null on purpose: they travel as absent members and must read back as null.
    private static readonly PostalAddress Address = new("Buyer", null, "1 Test Way", null, null, "Springfield", "IL", "62701", "US", "555-0100", "buyer@example.com");
}

/// <summary>Seeded sandbox values the tests write against, read over OData.</summary>
internal sealed record SandboxFacts(string LocationId, string BranchId, string SalesrepId, string CustomerId, string CustomerEmail, IReadOnlyList<string> Items, string VendorId)
{
    public static async Task<SandboxFacts> ReadAsync(P21Client client)
    {
        P21Row location = await FirstAsync(client, new ODataQuery("location", Filter: "delete_flag eq 'N'", OrderBy: ["location_id"]));
        P21Row customer = await FirstAsync(client, new ODataQuery("customer", Filter: "delete_flag eq 'N'", OrderBy: ["customer_id"]));
        string customerId = customer.GetInt64("customer_id").ToString(System.Globalization.CultureInfo.InvariantCulture);
        P21Row address = await FirstAsync(client, new ODataQuery("address", Filter: $"id eq {customerId}", OrderBy: ["id"]));
        P21Row vendor = await FirstAsync(client, new ODataQuery("vendor_supplier", Filter: "delete_flag eq 'N'", OrderBy: ["vendor_id"]));
        List<string> items = [];
        await foreach (P21Row item in client.QueryAsync(new ODataQuery("inv_mast", Filter: "delete_flag eq 'N'", OrderBy: ["inv_mast_uid"], PageSize: 3)))
        {
            items.Add(item.GetString("item_id")!);
            if (items.Count == 3)
            {
                break;
            }
        }

        return new SandboxFacts(
            location.GetInt64("location_id").ToString(System.Globalization.CultureInfo.InvariantCulture),
            location.GetString("default_branch_id")!,
            customer.GetString("salesrep_id")!,
            customerId,
            address.GetString("email_address")!,
            items,
            vendor.GetInt64("vendor_id").ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<P21Row> FirstAsync(P21Client client, ODataQuery query)
    {
        await foreach (P21Row row in client.QueryAsync(query with { PageSize = 1 }))
        {
            return row;
        }

        throw new InvalidOperationException($"the sandbox has no {query.Name} row");
    }
}

/// <summary>A change sink that keeps what it was given.</summary>
internal sealed class RecordingSink : IChangeSink
{
    public System.Collections.Concurrent.ConcurrentQueue<ChangeEvent> Events { get; } = new();

    public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (ChangeEvent e in events)
        {
            Events.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
