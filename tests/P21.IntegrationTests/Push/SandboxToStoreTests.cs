using System.Text;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Push;
using P21.IntegrationTests.Poll;
using P21.Sandbox.Stores;

namespace P21.IntegrationTests.Push;

/// <summary>
/// The whole loop over real HTTP: stock changed in the sandbox (control endpoint) → inventory poll → the change events
/// as Service Bus would deliver them (CloudEvent bodies) → <see cref="PushDelivery"/> → the Shopify Admin fake.
/// </summary>
public sealed class SandboxToStoreTests
{
    private const string Secret = "shopify-e2e-token";
    private const string Item = "PUSH-E2E-1";

    [Fact]
    public async Task StockChangedInP21_IsPolledAndPushed_AndRedeliveriesChangeNothing()
    {
        await using var shop = await ShopifyAdminFake.StartAsync(new JumpingClock(), Item);
        await using var polling = await SandboxPolling.StartAsync(settings:
        [
            new("Push:Targets:shop:Platform", "Shopify"),
            new("Push:Targets:shop:Connection", SandboxPolling.Connection),
            new("Push:Targets:shop:Address", shop.BaseUrl.ToString()),
            new("Push:Targets:shop:CredentialSecret", Secret),
            new("Push:Targets:shop:Locations:10", ShopifyAdminFake.Location1),
            new("Secrets:" + Secret, ShopifyAdminFake.Token),
        ]);
        using var http = new HttpClient { BaseAddress = polling.Sandbox.BaseAddress };
        var delivery = polling.Services.GetRequiredService<PushDelivery>();
        await polling.RunAsync("inventory", new InMemoryChangeSink());

        string[] first = await ChangeAsync(polling, http, onHand: 5, allocated: 1);
        await delivery.DeliverAsync(PushPlatform.Shopify, first, CancellationToken.None);
        Assert.Equal(4, shop.Quantity(Item, ShopifyAdminFake.Location1));

        string[] second = await ChangeAsync(polling, http, onHand: 12, allocated: 2);
        for (int delivered = 0; delivered < 10; delivered++)
        {
            await delivery.DeliverAsync(PushPlatform.Shopify, [.. first, .. second], CancellationToken.None);
        }

        Assert.Equal(10, shop.Quantity(Item, ShopifyAdminFake.Location1));
        Assert.Equal(2, shop.SetCalls);
    }

    // One stock change in P21 and the poll that follows it, as the message bodies the push subscription would deliver.
    private static async Task<string[]> ChangeAsync(SandboxPolling polling, HttpClient http, int onHand, int allocated)
    {
        string row = $$"""{"company_id":"1","location_id":10,"inv_mast_uid":990101,"item_id":"{{Item}}","qty_on_hand":{{onHand}},"qty_allocated":{{allocated}}}""";
        using var response = await http.PutAsync("_sandbox/rows/inv_loc", new StringContent(row, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var sink = new InMemoryChangeSink();
        await polling.RunAsync("inventory", sink);
        ChangeEvent changed = Assert.Single(sink.Events);
        Assert.Equal(InventoryPush.EventType, changed.Type);
        return [CloudEventJson.Serialize(changed)];
    }
}
