using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Push;
using P21.Connector.Tests.Amazon;
using P21.Sandbox.Amazon;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>
/// The Amazon push target (seller-fulfilled quantities through patchListingsItem, shipments through confirmShipment)
/// as <c>AddP21Push</c> registers it, against <see cref="SpApiFake"/> over loopback HTTP on the push harness's clock.
/// </summary>
public sealed class AmazonPushTests
{
    private const string AmazonOrder = "113-0000001-0000001";

    private static async Task<(PushHarness Harness, SpApiFake Fake)> StartAsync(Action<Dictionary<string, string?>>? change = null)
    {
        var clock = new JumpingClock(AmazonHarness.Start);
        SpApiFake fake = await SpApiFake.StartAsync(clock);
        Dictionary<string, string?> settings = PushHarness.TargetSettings("Amazon", SpApiFake.SellerId, "", ("01", "DEFAULT"));
        settings[$"Push:Targets:{PushHarness.Target}:Entities:0"] = "inventory";
        settings[$"Push:Targets:{PushHarness.Target}:Entities:1"] = "shipments";
        foreach ((string key, string? value) in AmazonHarness.Settings(fake))
        {
            settings[key] = value;
        }

        change?.Invoke(settings);
        var harness = new PushHarness(settings, clock);
        harness.Secrets.Set(AmazonHarness.ClientSecretName, SpApiFake.ClientSecret);
        harness.Secrets.Set(AmazonHarness.RefreshTokenName, SpApiFake.RefreshToken);
        return (harness, fake);
    }

    [Fact]
    public async Task Inventory_ListedSkusGetTheirQuantityByMerge_AnUnlistedOneIsParked_AndARepeatCallsNothing()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.AddListing("WIDGET-1", 3);
        fake.AddListing("BOLT/2", 0);

        PushReport first = await harness.PushAsync(harness.Level("WIDGET-1", "01", 12), harness.Level("BOLT/2", "01", 7), harness.Level("NOT-ON-AMAZON", "01", 5));
        int calls = fake.ListingLookups + fake.ListingPatches;
        PushReport again = await harness.PushAsync(harness.Level("WIDGET-1", "01", 12, AmazonHarness.Start.AddMinutes(-30)));

        Assert.Equal(2, first.ItemsSet);
        Assert.Equal((12, 7), (fake.Quantity("WIDGET-1"), fake.Quantity("BOLT/2")));
        Assert.All(fake.Patches, p =>
        {
            Assert.Equal("merge", p.Op);
            JsonNode body = JsonNode.Parse(p.Body)!;
            Assert.Equal("PRODUCT", body["productType"]!.GetValue<string>());
            Assert.Equal("/attributes/fulfillment_availability", body["patches"]![0]!["path"]!.GetValue<string>());
            Assert.Equal("DEFAULT", body["patches"]![0]!["value"]![0]!["fulfillment_channel_code"]!.GetValue<string>());
        });
        Assert.Contains("NOT-ON-AMAZON", Assert.Single(await harness.ParkedAsync()).Reason, StringComparison.Ordinal);
        Assert.Equal(0, again.ItemsSet);
        Assert.Equal(calls, fake.ListingLookups + fake.ListingPatches);
    }

    [Fact]
    public async Task Inventory_ANewerChangeWins_OnePatchWithTheLatestQuantity()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.AddListing("WIDGET-1", 3);

        PushReport report = await harness.PushAsync(
            harness.Level("WIDGET-1", "01", 9, AmazonHarness.Start.AddMinutes(2)),
            harness.Level("WIDGET-1", "01", 4, AmazonHarness.Start.AddMinutes(1)));

        Assert.Equal(1, report.ItemsSet);
        Assert.Equal(1, fake.ListingPatches);
        Assert.Equal(9, fake.Quantity("WIDGET-1"));
    }

    [Fact]
    public async Task Inventory_ADeniedListingsRole_ParksWithAmazonsReason_AndLosesNothing()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.AddListing("WIDGET-1", 3);
        await harness.PushAsync(harness.Level("WIDGET-1", "01", 5));
        fake.DeniedOperations.Add("patchListingsItem");

        PushReport report = await harness.PushAsync(harness.Level("WIDGET-1", "01", 6));

        Assert.Equal(1, report.Parked);
        Assert.Equal(5, fake.Quantity("WIDGET-1"));
        Assert.Contains("Unauthorized", Assert.Single(await harness.ParkedAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shipment_ConfirmsThePackageWithCarrierTrackingAndItems_AndARedeliveryConfirmsNothingMore()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.Seed(AmazonOrder, AmazonHarness.Start.AddHours(-1), items: [("WIDGET-1", 2, 20m), ("BOLT-2", 1, 4m)]);
        IReadOnlyList<string> items = fake.OrderItemIds(AmazonOrder);
        await harness.LinkAsync("1001", AmazonOrder, "amazon", (1, items[0]), (2, items[1]));
        var shipments = harness.Services.GetRequiredService<ShipmentPush>();

        PushReport first = await shipments.PushAsync(PushHarness.Target, [harness.Shipment("T1", "1001", "1Z999AA10123456784", lines: [(1, "WIDGET-1", 2), (2, "BOLT-2", 1)])], CancellationToken.None);
        PushReport again = await shipments.PushAsync(PushHarness.Target, [harness.Shipment("T1", "1001", "1Z999AA10123456784", time: AmazonHarness.Start.AddMinutes(5), lines: [(1, "WIDGET-1", 2), (2, "BOLT-2", 1)])], CancellationToken.None);

        Assert.Equal(1, first.Shipped);
        (string orderId, JsonObject body) = Assert.Single(fake.Confirmations);
        Assert.Equal(AmazonOrder, orderId);
        Assert.Equal(SpApiFake.Marketplace, body["marketplaceId"]!.GetValue<string>());
        JsonNode package = body["packageDetail"]!;
        Assert.Equal(("T1", "UPS", "1Z999AA10123456784"), (package["packageReferenceId"]!.GetValue<string>(), package["carrierCode"]!.GetValue<string>(), package["trackingNumber"]!.GetValue<string>()));
        Assert.Equal([(items[0], 2), (items[1], 1)], package["orderItems"]!.AsArray().Select(i => (i!["orderItemId"]!.GetValue<string>(), i["quantity"]!.GetValue<int>())));
        Assert.Equal("Shipped", fake.Status(AmazonOrder));
        Assert.Equal(0, again.Shipped);
        Assert.Single(fake.Confirmations);
        Assert.Empty(await harness.ParkedAsync());
    }

    [Fact]
    public async Task Shipment_OfAnAmazonFulfilledOrder_OrWithoutTracking_IsParkedWithTheReason()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.Seed(AmazonOrder, AmazonHarness.Start.AddHours(-1), channel: "AFN", items: ("WIDGET-1", 1, 10m));
        fake.Seed("113-0000002-0000002", AmazonHarness.Start.AddHours(-1), items: ("WIDGET-1", 1, 10m));
        await harness.LinkAsync("1001", AmazonOrder, "amazon", (1, fake.OrderItemIds(AmazonOrder)[0]));
        await harness.LinkAsync("1002", "113-0000002-0000002", "amazon", (1, fake.OrderItemIds("113-0000002-0000002")[0]));
        var shipments = harness.Services.GetRequiredService<ShipmentPush>();

        PushReport report = await shipments.PushAsync(PushHarness.Target, [harness.Shipment("T1", "1001", "1Z1", lines: (1, "WIDGET-1", 1)), harness.Shipment("T2", "1002", null, lines: (1, "WIDGET-1", 1))], CancellationToken.None);

        Assert.Equal(2, report.Parked);
        Assert.Empty(fake.Confirmations);
        List<string> reasons = [.. (await harness.ParkedAsync()).Select(p => p.Reason)];
        Assert.Contains(reasons, r => r.Contains("fulfilled by Amazon (AFN)", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("requires a tracking number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shipment_UnknownCarrier_GoesAsOtherWithItsName()
    {
        var (harness, fake) = await StartAsync();
        await using var _ = harness;
        await using var __ = fake;
        fake.Seed(AmazonOrder, AmazonHarness.Start.AddHours(-1), items: ("WIDGET-1", 1, 10m));
        await harness.LinkAsync("1001", AmazonOrder, "amazon", (1, fake.OrderItemIds(AmazonOrder)[0]));

        await harness.Services.GetRequiredService<ShipmentPush>().PushAsync(PushHarness.Target, [harness.Shipment("T1", "1001", "PRO-123", carrier: "ESTES FREIGHT", lines: (1, "WIDGET-1", 1))], CancellationToken.None);

        JsonNode package = Assert.Single(fake.Confirmations).Body["packageDetail"]!;
        Assert.Equal(("Other", "ESTES FREIGHT"), (package["carrierCode"]!.GetValue<string>(), package["carrierName"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Address", "not a seller id", "must be the Amazon seller id")]
    [InlineData("Entities:2", "order-status", "must not hold order-status for Amazon")]
    public async Task Options_AnAmazonTargetWithABadSetting_FailsNamingIt(string key, string value, string expected)
    {
        var clock = new JumpingClock(AmazonHarness.Start);
        await using SpApiFake fake = await SpApiFake.StartAsync(clock);
        Dictionary<string, string?> settings = PushHarness.TargetSettings("Amazon", SpApiFake.SellerId, "", ("01", "DEFAULT"));
        settings[$"Push:Targets:{PushHarness.Target}:Entities:0"] = "inventory";
        settings[$"Push:Targets:{PushHarness.Target}:Entities:1"] = "shipments";
        settings[$"Push:Targets:{PushHarness.Target}:{key}"] = value;

        await using var harness = new PushHarness(settings, clock);

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<PushOptions>>().Value);

        Assert.Contains($"Push:Targets:{PushHarness.Target}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
