using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Events.Records;
using P21.Connector.Push;
using P21.Connector.Secrets;
using P21.Connector.Storage;
using P21.Connector.Tests.Intake;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>
/// <see cref="InventoryPush"/> as <c>AddP21Push</c> registers it, over in-memory mappings and parked records, a
/// dictionary secret source and a <see cref="JumpingClock"/> shared with the platform fakes.
/// </summary>
internal sealed class PushHarness : IAsyncDisposable
{
    public const string Connection = "acme";
    public const string Target = "shop1";

    private readonly ServiceProvider _services;
    private int _sequence;

    public PushHarness(IDictionary<string, string?> settings, JumpingClock? clock = null)
    {
        Clock = clock ?? new JumpingClock();
        Mappings = new InMemoryMappingStore(Clock);
        Parked = new InMemoryParkedRecordStore(Clock);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ISecretSource>(Secrets);
        services.AddSingleton<IMappingStore>(Mappings);
        services.AddSingleton<IParkedRecordStore>(Parked);
        services.AddP21Push(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Push = _services.GetRequiredService<InventoryPush>();
    }

    public JumpingClock Clock { get; }

    public DictionarySecretSource Secrets { get; } = new();

    public InMemoryMappingStore Mappings { get; }

    public InMemoryParkedRecordStore Parked { get; }

    public InventoryPush Push { get; }

    public IServiceProvider Services => _services;

    public static Dictionary<string, string?> TargetSettings(string platform, string address, string secret, params (string P21, string Platform)[] locations)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Push:Targets:{Target}:Platform"] = platform,
            [$"Push:Targets:{Target}:Connection"] = Connection,
            [$"Push:Targets:{Target}:Address"] = address,
            [$"Push:Targets:{Target}:CredentialSecret"] = secret,
        };
        foreach (var (p21, target) in locations)
        {
            settings[$"Push:Targets:{Target}:Locations:{p21}"] = target;
        }

        return settings;
    }

    public Task<PushReport> PushAsync(params ChangeEvent[] events) => Push.PushAsync(Target, events, CancellationToken.None);

    /// <summary>An inventory change event of <paramref name="connection"/> as the poll slice builds it.</summary>
    public ChangeEvent Level(string item, string location, decimal available, DateTimeOffset? time = null, string connection = Connection)
    {
        var level = new InventoryLevel { ItemId = item, LocationId = location, OnHand = available, Available = available };
        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(level, CanonicalJsonContext.Default.InventoryLevel);
        return ChangeEventFactory.Create(connection, "inventory", "inventory", $"{item}|{location}", ChangeEventFactory.Fingerprint(json, false),
            false, time ?? Clock.GetUtcNow().AddSeconds(Interlocked.Increment(ref _sequence)), json);
    }

    /// <summary>A shipment (pick ticket) change event; <paramref name="lines"/> are (P21 order line, item, shipped quantity).</summary>
    public ChangeEvent Shipment(string ticket, string orderNo, string? tracking, bool confirmed = true, string carrier = "UPS", DateTimeOffset? time = null, params (int Line, string Item, decimal Quantity)[] lines)
    {
        var shipment = new Shipment
        {
            PickTicketNo = ticket,
            OrderNo = orderNo,
            CarrierId = carrier,
            TrackingNo = tracking,
            ShipDate = confirmed ? DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime) : null,
            Lines = [.. lines.Select((l, i) => new ShipmentLine { LineNumber = i + 1, OrderLineNo = l.Line, ItemId = l.Item, ShipQuantity = l.Quantity })],
        };
        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(shipment, CanonicalJsonContext.Default.Shipment);
        return ChangeEventFactory.Create(Connection, "shipments", "shipment", ticket, ChangeEventFactory.Fingerprint(json, false),
            false, time ?? Clock.GetUtcNow().AddSeconds(Interlocked.Increment(ref _sequence)), json);
    }

    /// <summary>A sales order change event with <paramref name="status"/>.</summary>
    public ChangeEvent Order(string orderNo, SalesOrderStatus status, DateTimeOffset? time = null)
    {
        var order = new SalesOrder { OrderNo = orderNo, Status = status };
        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(order, CanonicalJsonContext.Default.SalesOrder);
        return ChangeEventFactory.Create(Connection, "sales-orders", "salesorder", orderNo, ChangeEventFactory.Fingerprint(json, false),
            false, time ?? Clock.GetUtcNow().AddSeconds(Interlocked.Increment(ref _sequence)), json);
    }

    /// <summary>Records, as the writer does, that P21 order <paramref name="orderNo"/> came from store order <paramref name="storeOrderId"/>.</summary>
    public Task LinkAsync(string orderNo, string storeOrderId, string source, params (int Line, string Id)[] lines) =>
        Mappings.SetAsync(Connection, source, MappingKind.OrderLink, orderNo, new OrderLink(storeOrderId, [.. lines.Select(l => new OrderLinkLine(l.Line, l.Id, null))]).ToJson());

    public async Task<List<ParkedRecord>> ParkedAsync()
    {
        var list = new List<ParkedRecord>();
        await foreach (var record in Parked.ListAsync(Connection, null, CancellationToken.None))
        {
            list.Add((await Parked.GetAsync(Connection, record.Id, CancellationToken.None))!);
        }

        return list;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
