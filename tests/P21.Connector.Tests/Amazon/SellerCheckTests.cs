using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>
/// <see cref="AmazonSellerCheck"/> against <see cref="P21.Sandbox.Amazon.SpApiFake"/> over loopback HTTP: what an
/// operator sees for a ready seller, and the line (with its fix) for each way an authorization falls short.
/// </summary>
public class SellerCheckTests
{
    private static async Task<IReadOnlyList<AmazonSellerCheckLine>> CheckAsync(AmazonHarness h) =>
        await h.Services.GetRequiredService<AmazonSellerCheck>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task RunAsync_ReadySeller_EveryCheckPasses_WithOneCallPerOperation()
    {
        await using AmazonHarness h = await AmazonHarness.StartAsync(s => s["Amazon:Orders:RestrictedData"] = "true");
        h.SeedOrders(3);
        h.Clock.Advance(TimeSpan.FromMinutes(70));

        IReadOnlyList<AmazonSellerCheckLine> lines = await CheckAsync(h);

        Assert.Equal(["login", "seller", "marketplace ATVPDKIKX0DER", "orders", "restricted data", "settlement reports"], lines.Select(l => l.Name));
        Assert.All(lines, l => Assert.True(l.Ok, $"{l.Name}: {l.Detail}"));
        Assert.Contains("Acme Industrial Supply", lines[1].Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 1), (h.Fake.SellersCalls, h.Fake.OrdersCalls, h.Fake.RestrictedTokenCalls, h.Fake.TokenCalls));
        Assert.Equal(0, h.Fake.ItemsCalls);
    }

    [Fact]
    public async Task RunAsync_MarketplaceNotParticipatingOrSuspended_SaysWhichAndWhatToDo()
    {
        await using AmazonHarness h = await AmazonHarness.StartAsync(s => s["Amazon:MarketplaceIds:1"] = "A2EUQ1WTGCTBG2");
        h.Fake.Marketplaces.Add("A2EUQ1WTGCTBG2");
        h.Fake.NotParticipating.Add("A2EUQ1WTGCTBG2");
        h.Fake.SuspendedListings.Add("ATVPDKIKX0DER");

        IReadOnlyList<AmazonSellerCheckLine> lines = await CheckAsync(h);

        AmazonSellerCheckLine us = lines.Single(l => l.Name == "marketplace ATVPDKIKX0DER");
        AmazonSellerCheckLine ca = lines.Single(l => l.Name == "marketplace A2EUQ1WTGCTBG2");
        Assert.True(us.Ok);
        Assert.Contains("suspended listings", us.Detail, StringComparison.Ordinal);
        Assert.False(ca.Ok);
        Assert.Contains("does not participate", ca.Detail, StringComparison.Ordinal);
        Assert.Contains("Amazon:MarketplaceIds", ca.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoRestrictedDataRoles_FailsThatLineNamingBothSettings()
    {
        await using AmazonHarness h = await AmazonHarness.StartAsync(s => s["Amazon:Orders:RestrictedData"] = "true");
        h.Fake.RestrictedDataRoles = false;

        IReadOnlyList<AmazonSellerCheckLine> lines = await CheckAsync(h);

        AmazonSellerCheckLine restricted = lines.Single(l => l.Name == "restricted data");
        Assert.False(restricted.Ok);
        Assert.Contains("Amazon:Orders:RestrictedData", restricted.Remedy, StringComparison.Ordinal);
        Assert.Contains("Writer:HouseCustomerIds:amazon", restricted.Remedy, StringComparison.Ordinal);
        Assert.True(lines.Single(l => l.Name == "settlement reports").Ok);
    }

    [Fact]
    public async Task RunAsync_NoOrdersRole_FailsTheOrdersLineWithTheRole_AfterOneRenewal()
    {
        await using AmazonHarness h = await AmazonHarness.StartAsync();
        h.Fake.DeniedOperations.Add("getOrders");

        IReadOnlyList<AmazonSellerCheckLine> lines = await CheckAsync(h);

        AmazonSellerCheckLine orders = lines.Single(l => l.Name == "orders");
        Assert.False(orders.Ok);
        Assert.Contains("Unauthorized", orders.Detail, StringComparison.Ordinal);
        Assert.Contains("Inventory and Order Tracking", orders.Remedy, StringComparison.Ordinal);
        Assert.Equal(2, h.Fake.OrdersCalls);
    }

    [Fact]
    public async Task RunAsync_NotConfigured_OneLineNamingTheSettings_AndNoCall()
    {
        await using AmazonHarness h = await AmazonHarness.StartAsync(s =>
        {
            foreach (string key in s.Keys.Where(k => k.StartsWith("Amazon:", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });

        IReadOnlyList<AmazonSellerCheckLine> lines = await CheckAsync(h);

        AmazonSellerCheckLine line = Assert.Single(lines);
        Assert.False(line.Ok);
        Assert.Contains("Amazon:ClientId", line.Remedy, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake.TokenCalls);
    }
}
