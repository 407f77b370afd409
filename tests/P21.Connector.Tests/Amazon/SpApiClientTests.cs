using System.Net;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Sandbox.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>The SP-API client over the loopback fake: paging, token caching and renewal, throttling and Amazon's errors.</summary>
public sealed class SpApiClientTests
{
    [Fact]
    public async Task GetOrders_OverThreePages_ReturnsEveryOrderOnce_FollowingPagesSendOnlyNextTokenAndMarketplaces()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.Fake.PageSize = 2;
        harness.SeedOrders(6);
        harness.Fake.Seed("111-0000000-0000099", AmazonHarness.Start.AddDays(-3), items: ("OLD", 1, 1m));

        List<AmazonOrder> orders = await harness.AllOrdersAsync();

        Assert.Equal(Enumerable.Range(1, 6).Select(AmazonHarness.OrderId), orders.Select(o => o.AmazonOrderId));
        Assert.Equal(3, harness.Fake.OrdersCalls);
        Assert.Contains("LastUpdatedAfter=2026-12-02T12%3A00%3A00Z", harness.Fake.OrdersQueries[0], StringComparison.Ordinal);
        Assert.All(harness.Fake.OrdersQueries.Skip(1), q => Assert.Equal(["MarketplaceIds", "NextToken"], QueryKeys(q)));
        AmazonOrder first = orders[0];
        Assert.Equal("Unshipped", first.OrderStatus);
        Assert.Equal(AmazonOrder.FulfilledByMerchant, first.FulfillmentChannel);
        Assert.False(first.IsFulfilledByAmazon);
        Assert.Equal(AmazonHarness.Start.AddHours(-2).AddMinutes(1), first.LastUpdateDate);
    }

    [Fact]
    public async Task GetOrderItems_FollowsNextToken_ReadsSkuQuantityAndPrice()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.Fake.ItemsPageSize = 2;
        harness.Fake.Seed("111-1234567-7654321", AmazonHarness.Start, items: [("A", 1, 10m), ("B", 2, 20.5m), ("C", 3, 3m), ("D", 4, 4m), ("E", 5, 50m)]);

        IReadOnlyList<AmazonOrderItem> items = await harness.Client.GetOrderItemsAsync("111-1234567-7654321", CancellationToken.None);

        Assert.Equal(["A", "B", "C", "D", "E"], items.Select(i => i.SellerSKU));
        Assert.Equal(3, harness.Fake.ItemsCalls);
        Assert.Equal(5, items.Select(i => i.OrderItemId).Distinct().Count());
        Assert.Equal(2, items[1].QuantityOrdered);
        Assert.Equal(new AmazonMoney("USD", "20.50"), items[1].ItemPrice);
    }

    [Fact]
    public async Task Token_IsCachedAcrossCalls_AndRenewedSixtySecondsBeforeExpiry()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.SeedOrders(1);

        await harness.AllOrdersAsync();
        await harness.Client.GetOrderItemsAsync(AmazonHarness.OrderId(1), CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        await harness.AllOrdersAsync();
        Assert.Equal(1, harness.Fake.TokenCalls);

        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await harness.AllOrdersAsync();
        await harness.AllOrdersAsync();

        Assert.Equal(2, harness.Fake.TokenCalls);
        Assert.Equal(0, harness.Fake.UnauthorizedAnswers);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneRenewal()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.SeedOrders(8);

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => harness.Client.GetOrderItemsAsync(AmazonHarness.OrderId(i), CancellationToken.None)));

        Assert.Equal(1, harness.Fake.TokenCalls);
        Assert.Equal(8, harness.Fake.ItemsCalls);
    }

    [Fact]
    public async Task RevokedRefreshToken_ThrowsAmazonAuthException_NamingTheSetting_WithoutAnySecret()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.SeedOrders(1);
        harness.Fake.RevokedRefreshTokens.Add(SpApiFake.RefreshToken);

        var error = await Assert.ThrowsAsync<AmazonAuthException>(() => harness.AllOrdersAsync());

        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Contains("Amazon:RefreshTokenName", error.Message, StringComparison.Ordinal);
        Assert.Contains(AmazonHarness.RefreshTokenName, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpApiFake.RefreshToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SpApiFake.ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Fake.TokenCalls);
        Assert.Equal(0, harness.Fake.OrdersCalls);
        Assert.Equal(1, harness.Secrets.Invalidations);
    }

    [Fact]
    public async Task WrongClientSecret_ThrowsAmazonAuthException_NamingClientSecretName()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.Secrets.Set(AmazonHarness.ClientSecretName, "amzn1.oa2-cs.v1.wrong");

        var error = await Assert.ThrowsAsync<AmazonAuthException>(() => harness.AllOrdersAsync());

        Assert.Contains("Amazon:ClientSecretName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("amzn1.oa2-cs.v1.wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BurstExhausted_OneThrottle_ThenCallsPacedAtTheRateLimitHeader_EveryOrderStillReturnedOnce()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.Fake.PageSize = 1;
        harness.SeedOrders(30);

        List<AmazonOrder> orders = await harness.AllOrdersAsync();

        Assert.Equal(Enumerable.Range(1, 30).Select(AmazonHarness.OrderId), orders.Select(o => o.AmazonOrderId));
        // Burst 20, then one 429: from there the calls leave 1/0.0167 s apart, so the ten pages after the burst each
        // waited once and none was refused again (waiting only after each 429 would double the calls).
        Assert.Equal(1, harness.Fake.ThrottledAnswers);
        Assert.Equal(31, harness.Fake.OrdersCalls);
        Assert.Equal(10, harness.Clock.Waits);
        Assert.Equal(TimeSpan.FromMilliseconds(10 * 59_881), harness.Clock.Waited);
        Assert.Equal(1, harness.Fake.TokenCalls);
    }

    [Fact]
    public async Task ServerErrors_BackOffDoubling_ThenSucceed()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.SeedOrders(2);
        harness.Fake.FailNext = 3;

        List<AmazonOrder> orders = await harness.AllOrdersAsync();

        Assert.Equal(2, orders.Count);
        Assert.Equal(4, harness.Fake.OrdersCalls);
        Assert.Equal(3, harness.Clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(1 + 2 + 4), harness.Clock.Waited);
    }

    [Fact]
    public async Task ServerErrors_PastMaxAttempts_ThrowSpApiException()
    {
        await using var harness = await AmazonHarness.StartAsync(s => s["Amazon:MaxAttempts"] = "3");
        harness.SeedOrders(1);
        harness.Fake.FailNext = 10;

        var error = await Assert.ThrowsAsync<SpApiException>(() => harness.AllOrdersAsync());

        Assert.Equal("ServiceUnavailable", error.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.Fake.OrdersCalls);
        Assert.Equal(2, harness.Clock.Waits);
    }

    [Fact]
    public async Task TokenExpiredMidRun_IsRenewedOnce_AndTheRunCompletes()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.Fake.PageSize = 2;
        harness.SeedOrders(6);

        List<AmazonOrder> orders = await harness.AllOrdersAsync(each: o =>
        {
            if (o.AmazonOrderId == AmazonHarness.OrderId(2))
            {
                harness.Fake.ExpireAccessTokens();
            }
        });

        Assert.Equal(6, orders.Count);
        Assert.Equal(1, harness.Fake.UnauthorizedAnswers);
        Assert.Equal(2, harness.Fake.TokenCalls);
        Assert.Equal(0, harness.Clock.Waits);
    }

    [Fact]
    public async Task Unauthorized_AfterTheOneRenewal_ThrowsSpApiException()
    {
        await using var harness = await AmazonHarness.StartAsync();
        harness.SeedOrders(1);
        harness.Fake.TokenLifetime = TimeSpan.Zero;

        var error = await Assert.ThrowsAsync<SpApiException>(() => harness.AllOrdersAsync());

        Assert.Equal("Unauthorized", error.Code);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal(2, harness.Fake.UnauthorizedAnswers);
        Assert.DoesNotContain("Atza|", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorBody_Becomes_SpApiException_WithAmazonsCode()
    {
        await using var harness = await AmazonHarness.StartAsync(s => s["Amazon:MarketplaceIds:0"] = "A1PA6795UKMFR9");

        var error = await Assert.ThrowsAsync<SpApiException>(() => harness.AllOrdersAsync());

        Assert.Equal("InvalidInput", error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("Invalid MarketplaceId: A1PA6795UKMFR9", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Fake.OrdersCalls);
    }

    public static TheoryData<string, string?, string> BadSettings() => new()
    {
        { "Endpoint", "http://sellingpartnerapi-na.amazon.com", "Amazon:Endpoint 'http://sellingpartnerapi-na.amazon.com' must use https" },
        { "Endpoint", null, "Amazon:Region '' is not a selling region: one of na, eu, fe" },
        { "TokenEndpoint", "http://api.amazon.com/auth/o2/token", "Amazon:TokenEndpoint 'http://api.amazon.com/auth/o2/token' must use https" },
        { "ClientId", "", "Amazon:ClientId is required" },
        { "ClientSecretName", "", "Amazon:ClientSecretName is required" },
        { "RefreshTokenName", " ", "Amazon:RefreshTokenName is required" },
        { "MarketplaceIds:0", null, "Amazon:MarketplaceIds is empty" },
        { "MaxAttempts", "0", "Amazon:MaxAttempts must be between 1 and 20" },
        { "Settlements:Lookback", "91.00:00:00", "Amazon:Settlements:Lookback must be positive and at most 90 days" },
        { "Settlements:Lookback", "00:00:00", "Amazon:Settlements:Lookback must be positive and at most 90 days" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_FailsAtStartUp_NamingTheSettingPath(string key, string? value, string expected)
    {
        await using var harness = await AmazonHarness.StartAsync(s =>
        {
            if (value is null)
            {
                s.Remove($"Amazon:{key}");
            }
            else
            {
                s[$"Amazon:{key}"] = value;
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<AmazonOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GoodSettings_PassValidation_AndRegionPicksThePublishedEndpoint()
    {
        await using var harness = await AmazonHarness.StartAsync(s =>
        {
            s.Remove("Amazon:Endpoint");
            s["Amazon:Region"] = "eu";
        });

        AmazonOptions options = harness.Services.GetRequiredService<IOptions<AmazonOptions>>().Value;

        Assert.Equal(new Uri("https://sellingpartnerapi-eu.amazon.com"), AmazonAddress.SellingPartnerApi(options, out _));
        Assert.Equal(new Uri("https://sellingpartnerapi-na.amazon.com"), AmazonAddress.SellingPartnerApi(new AmazonOptions { Region = "NA" }, out _));
        Assert.Equal(new Uri("https://sellingpartnerapi-fe.amazon.com"), AmazonAddress.SellingPartnerApi(new AmazonOptions { Region = "fe" }, out _));
        Assert.Equal(AmazonOptions.DefaultTokenEndpoint, new AmazonOptions().TokenEndpoint);
    }

    private static string[] QueryKeys(string query) =>
        [.. query.TrimStart('?').Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal)];
}
