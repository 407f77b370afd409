using System.Collections.Concurrent;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>The writer wired as the app wires it, over in-memory stores and <see cref="FakeP21Client"/>.</summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public WriterHarness(IIdempotencyLedger? ledger = null, Action<Dictionary<string, string?>>? settings = null)
    {
        Dictionary<string, string?> values = new()
        {
            ["Writer:DefaultSalesLocationId"] = "10",
            ["Writer:DefaultSalesrepId"] = "1001",
            ["Writer:DefaultBranch"] = "1",
            ["Writer:CarrierMap:ups ground"] = "UPS",
            ["Settlements:Posting:ClearingAccount"] = "1000-00",
        };
        settings?.Invoke(values);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Ledger = ledger ?? new InMemoryIdempotencyLedger(Time);
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Ledger);
        services.AddSingleton<IParkedRecordStore>(Parked);
        services.AddSingleton<IMappingStore>(Mappings);
        services.AddSingleton<IChangeSink>(Sink);
        services.AddSingleton<IP21ClientProvider>(new SingleClient(P21));
        services.AddSingleton(new CommandClaimCheck(Bodies, 1024));
        services.AddP21Write(configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Writer = _provider.GetRequiredService<CommandWriter>();
        ParkedRecords = _provider.GetRequiredService<ParkedRecords>();
        Reconciliation = _provider.GetRequiredService<OrderReconciliation>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));

    public FakeP21Client P21 { get; } = new();

    public IIdempotencyLedger Ledger { get; }

    public InMemoryParkedRecordStore Parked => _parked ??= new InMemoryParkedRecordStore(Time);

    public InMemoryMappingStore Mappings => _mappings ??= new InMemoryMappingStore(Time);

    public RecordingSink Sink { get; } = new();

    public InMemoryCommandBodyStore Bodies { get; } = new();

    public CommandWriter Writer { get; }

    public ParkedRecords ParkedRecords { get; }

    public OrderReconciliation Reconciliation { get; }

    /// <summary>The harness's own meter factory: its instruments are this writer's alone.</summary>
    public System.Diagnostics.Metrics.IMeterFactory MeterFactory => _provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    private InMemoryParkedRecordStore? _parked;
    private InMemoryMappingStore? _mappings;

    public static WriteCommand Command(WriteCommandPayload payload, string externalId, string source = "shopify") =>
        WriteCommand.Create(source, externalId, "main", new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero), payload);

    public static SalesOrderCreate Order(string externalId, params (string Sku, decimal Qty)[] lines) =>
        new(
            externalId,
            new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero),
            new OrderCustomer("known@example.com", "Known Buyer", "555-0100", "cust-1", null),
            Address,
            Address,
            [.. lines.Select(l => new OrderLine(l.Sku, l.Qty, 9.5m, "item"))],
            "USD",
            null,
            null);

    // Optional fields left null on purpose: they travel as absent members and must read back as null.
    private static readonly PostalAddress Address = new("Known Buyer", null, "1 Main St", null, null, "Springfield", "IL", "10001", "US", "555-0100", "known@example.com");

    public Task<WriteOutcome> SendAsync(WriteCommand command, int deliveryCount = 1) =>
        Writer.HandleAsync(WriteCommandSerializer.Serialize(command), command.CommandId, deliveryCount, CancellationToken.None);

    public int OrdersWithReference(string reference) => P21.Rows("oe_hdr", r => r.GetValueOrDefault("web_reference_no") == reference).Count;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    internal sealed class SingleClient(P21Client client) : IP21ClientProvider
    {
        public IReadOnlyCollection<string> ConnectionNames => ["main"];

        public P21Client Get(string connectionName) =>
            connectionName == "main" ? client : throw new KeyNotFoundException($"no P21 connection '{connectionName}' is configured");
    }
}

/// <summary>A change sink that keeps what it was given.</summary>
internal sealed class RecordingSink : IChangeSink
{
    public ConcurrentQueue<ChangeEvent> Events { get; } = new();

    public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (ChangeEvent e in events)
        {
            Events.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
