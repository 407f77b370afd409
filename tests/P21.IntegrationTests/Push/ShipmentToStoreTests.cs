using System.Text;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.IntegrationTests.Poll;
using P21.IntegrationTests.Write;
using P21.Sandbox.Stores;

namespace P21.IntegrationTests.Push;

/// <summary>
/// A storefront order shipped in P21 reaches the store over real HTTP: the writer creates the order from the Shopify
/// order (ids from Shopify's published <c>orders/create</c> example) and keeps its order link → the order is shipped in
/// the sandbox (control endpoint) → shipments poll → <see cref="PushDelivery"/> → one fulfilment on the Shopify fake
/// with the tracking number, however often the events are delivered.
/// </summary>
public sealed class ShipmentToStoreTests
{
    private const string Secret = "shopify-e2e-token";
    private const long ShopifyOrderId = 450789469;
    private const long FirstLineId = 466157049;
    private const long SecondLineId = 518995019;
    private const string Tracking = "1Z999AA10123456784";

    [Fact]
    public async Task OrderFromTheStore_ShippedInP21_OneFulfilmentWithTracking_EvenDeliveredTenTimes()
    {
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock());
        await using var polling = await SandboxPolling.StartAsync(settings:
        [
            new("Push:Targets:shop:Platform", "Shopify"),
            new("Push:Targets:shop:Connection", SandboxPolling.Connection),
            new("Push:Targets:shop:Address", shop.BaseUrl.ToString()),
            new("Push:Targets:shop:CredentialSecret", Secret),
            new("Push:Targets:shop:Locations:10", ShopifyAdminFake.Location1),
            new("Push:Targets:shop:Carriers:9001", "UPS"),
            new("Secrets:" + Secret, ShopifyAdminFake.Token),
        ]);
        var client = polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);
        var facts = await SandboxFacts.ReadAsync(client);
        await using var writer = Writer(polling, facts);
        await polling.RunAsync("shipments", new InMemoryChangeSink());

        var order = new SalesOrderCreate(
            ShopifyOrderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow,
            null,
            new OrderCustomer(facts.CustomerEmail, "Buyer", "555-0100", "cust-" + facts.CustomerId, null),
            Address,
            Address,
            [
                new OrderLine(facts.Items[0], 2, 4.25m, "item", PlatformLineId: FirstLineId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new OrderLine(facts.Items[1], 1, 4.25m, "item", PlatformLineId: SecondLineId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            "USD",
            null,
            null);
        var command = WriteCommand.Create("shopify", order.ExternalOrderId, SandboxPolling.Connection, DateTimeOffset.UtcNow, order);
        var outcome = await writer.GetRequiredService<CommandWriter>().HandleAsync(WriteCommandSerializer.Serialize(command), command.CommandId, 1, CancellationToken.None);
        string orderNo = Assert.IsType<WriteOutcome.Committed>(outcome).P21Key;
        shop.AddOrder(ShopifyOrderId, [(FirstLineId, facts.Items[0], 2), (SecondLineId, facts.Items[1], 1)]);

        using var http = new HttpClient { BaseAddress = polling.Sandbox.BaseAddress };
        using (var shipped = await http.PostAsync($"_sandbox/orders/{orderNo}/ship", new StringContent($$"""{"carrierId":9001,"trackingNo":"{{Tracking}}"}""", Encoding.UTF8, "application/json")))
        {
            shipped.EnsureSuccessStatusCode();
        }

        var sink = new InMemoryChangeSink();
        await polling.RunAsync("shipments", sink);
        string[] bodies = [.. sink.Events.Where(e => e.Type == ShipmentPush.EventType).Select(CloudEventJson.Serialize)];
        Assert.NotEmpty(bodies);
        var delivery = polling.Services.GetRequiredService<PushDelivery>();
        var first = Assert.Single(await delivery.DeliverAsync(PushPlatform.Shopify, bodies, CancellationToken.None));
        for (int delivered = 1; delivered < 10; delivered++)
        {
            await delivery.DeliverAsync(PushPlatform.Shopify, bodies, CancellationToken.None);
        }

        Assert.Equal(1, first.Shipped);
        var fulfillment = Assert.Single(shop.Fulfillments(ShopifyOrderId));
        Assert.Equal(Tracking, fulfillment.TrackingNumber);
        Assert.Equal("UPS", fulfillment.Company);
        Assert.StartsWith("https://www.ups.com/", fulfillment.Url, StringComparison.Ordinal);
        Assert.True(fulfillment.NotifyCustomer);
        Assert.Equal([($"gid://shopify/LineItem/{FirstLineId}", 2), ($"gid://shopify/LineItem/{SecondLineId}", 1)], fulfillment.Lines.OrderBy(l => l.LineItemId, StringComparer.Ordinal));
        Assert.Equal(1, shop.FulfillmentCalls);
    }

    // The writer as a host wires it, over the sandbox's client and the same mapping store the push flow reads.
    private static ServiceProvider Writer(SandboxPolling polling, SandboxFacts facts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Writer:DefaultSalesLocationId"] = facts.LocationId,
            ["Writer:DefaultSalesrepId"] = facts.SalesrepId,
            ["Writer:DefaultBranch"] = facts.BranchId,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(polling.Services.GetRequiredService<IP21ClientProvider>());
        services.AddSingleton(polling.Services.GetRequiredService<IMappingStore>());
        services.AddSingleton<IIdempotencyLedger>(new InMemoryIdempotencyLedger(TimeProvider.System));
        services.AddSingleton<IParkedRecordStore>(new InMemoryParkedRecordStore(TimeProvider.System));
        services.AddSingleton<IChangeSink>(new RecordingSink());
        services.AddP21Write(configuration);
        return services.BuildServiceProvider();
    }

    private static readonly PostalAddress Address = new("Buyer", null, "1 Test Way", null, null, "Springfield", "IL", "62701", "US", "555-0100", "buyer@example.com");
}
