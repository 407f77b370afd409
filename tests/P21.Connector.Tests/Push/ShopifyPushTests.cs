using System.Globalization;

using P21.Connector.Events;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Push;

/// <summary>InventoryPush against the Shopify GraphQL Admin fake.</summary>
public sealed class ShopifyPushTests
{
    private const string Secret = "shopify-shop1-token";
    private static readonly (string, string)[] Locations = [("01", ShopifyAdminFake.Location1), ("02", ShopifyAdminFake.Location2)];

    private static async Task<(PushHarness Harness, ShopifyAdminFake Shop)> StartAsync(params string[] skus)
    {
        var clock = new JumpingClock();
        var shop = await ShopifyAdminFake.StartAsync(clock, skus);
        var harness = new PushHarness(PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, Locations), clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        return (harness, shop);
    }

    private static string[] Skus(int count) => [.. Enumerable.Range(1, count).Select(n => "SKU-" + n.ToString("0000", CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Push_CoalescesPerItemAndLocation_ToTheLatestByTime_AndSetsAbsoluteAvailable()
    {
        var (harness, shop) = await StartAsync("A", "B");
        await using var _ = harness;
        await using var __ = shop;
        var t = harness.Clock.GetUtcNow();

        var report = await harness.PushAsync(
            harness.Level("A", "01", 5, t.AddMinutes(1)),
            harness.Level("A", "01", 7, t.AddMinutes(3)),
            harness.Level("A", "01", 9, t.AddMinutes(2)), // older than the 7, though later in the batch
            harness.Level("B", "02", 3.75m, t.AddMinutes(1)),
            harness.Level("A", "01", 99, t.AddMinutes(9), connection: "other")); // another connection's event

        Assert.Equal(7, shop.Quantity("A", ShopifyAdminFake.Location1));
        Assert.Equal(3, shop.Quantity("B", ShopifyAdminFake.Location2)); // fractions round down
        Assert.Equal(4, report.Events);
        Assert.Equal(2, report.Coalesced);
        Assert.Equal(2, report.ItemsSet);
        Assert.Equal(1, shop.SetCalls);
        Assert.Equal(1, shop.LookupCalls);
    }

    [Fact]
    public async Task SecondCycle_UsesCachedInventoryItemIds_WithoutLookupCalls()
    {
        var (harness, shop) = await StartAsync("A", "B");
        await using var _ = harness;
        await using var __ = shop;
        await harness.PushAsync(harness.Level("A", "01", 1), harness.Level("B", "01", 2));
        Assert.Equal(ShopifyAdminFake.ItemGid("A"), await harness.Mappings.GetAsync(PushHarness.Connection, PushHarness.Target, MappingKind.PushItem, "A"));

        var second = await harness.PushAsync(harness.Level("A", "01", 4), harness.Level("B", "01", 5));

        Assert.Equal(1, shop.LookupCalls);
        Assert.Equal(0, second.Lookups);
        Assert.Equal(2, second.ItemsSet);
        Assert.Equal(4, shop.Quantity("A", ShopifyAdminFake.Location1));
    }

    [Fact]
    public async Task StaleEvent_OlderThanTheLastPushedChange_IsDropped()
    {
        var (harness, shop) = await StartAsync("A");
        await using var _ = harness;
        await using var __ = shop;
        var t = harness.Clock.GetUtcNow();
        await harness.PushAsync(harness.Level("A", "01", 7, t.AddMinutes(5)));

        var late = await harness.PushAsync(harness.Level("A", "01", 9, t.AddMinutes(4)));

        Assert.Equal(1, late.Stale);
        Assert.Equal(0, late.ItemsSet);
        Assert.Equal(1, shop.SetCalls);
        Assert.Equal(7, shop.Quantity("A", ShopifyAdminFake.Location1));
    }

    [Fact]
    public async Task CompareAndSwapConflict_IsResolvedByReReadingAndSettingAgain_AndCounted()
    {
        var (harness, shop) = await StartAsync("A", "B");
        await using var _ = harness;
        await using var __ = shop;
        await harness.PushAsync(harness.Level("A", "01", 10), harness.Level("B", "01", 4));
        shop.ChangeElsewhere("A", ShopifyAdminFake.Location1, 8); // a sale on the store since our last push

        var report = await harness.PushAsync(harness.Level("A", "01", 12), harness.Level("B", "01", 6));

        Assert.Equal(1, report.ConflictsResolved);
        Assert.Equal(1, shop.ReadCalls);
        Assert.Equal(12, shop.Quantity("A", ShopifyAdminFake.Location1)); // P21 is the system of record
        Assert.Equal(6, shop.Quantity("B", ShopifyAdminFake.Location1));
        Assert.Equal(2, report.ItemsSet);
        Assert.Empty(await harness.ParkedAsync());
    }

    [Fact]
    public async Task BeforeApi202604_CompareQuantityAndIgnoreCompareQuantity_AreSent_AndAConflictIsResolved()
    {
        var clock = new JumpingClock();
        await using var shop = await ShopifyAdminFake.StartAsync(clock, "A", "B");
        var settings = PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), Secret, Locations);
        settings["Push:Targets:shop1:ApiVersion"] = ShopifyAdminFake.LegacyVersion;
        await using var harness = new PushHarness(settings, clock);
        harness.Secrets.Set(Secret, ShopifyAdminFake.Token);
        await harness.PushAsync(harness.Level("A", "01", 10), harness.Level("B", "01", 4)); // never pushed: ignoreCompareQuantity
        shop.ChangeElsewhere("A", ShopifyAdminFake.Location1, 8);

        var report = await harness.PushAsync(harness.Level("A", "01", 12), harness.Level("B", "01", 6));

        Assert.Equal((1, 2), (report.ConflictsResolved, report.ItemsSet));
        Assert.Equal(12, shop.Quantity("A", ShopifyAdminFake.Location1));
        Assert.Equal(6, shop.Quantity("B", ShopifyAdminFake.Location1));
    }

    [Fact]
    public async Task EmptyCostBucket_AnswersThrottled_AndThePushWaitsOnTheClock_ThenWaitsAheadOfTime()
    {
        string[] skus = Skus(600);
        var (harness, shop) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = shop;
        shop.RestoreRate = 5;
        shop.DrainBucket(0);

        var report = await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, "01", i))]);

        Assert.Equal(600, report.ItemsSet);
        Assert.Equal(3, shop.SetCalls); // 250 + 250 + 100
        Assert.Equal(ShopifyAdminFake.MaxQuantities, shop.LargestSet);
        Assert.True(shop.ThrottledAnswers >= 1, "the first call meets the empty bucket");
        Assert.True(report.ThrottledWaits > shop.ThrottledAnswers, "later calls wait for the known bucket instead of being throttled");
        Assert.True(harness.Clock.Waited >= TimeSpan.FromSeconds(ShopifyAdminFake.LookupCost / 5), $"waited {harness.Clock.Waited}");
        Assert.Equal(599, shop.Quantity(skus[^1], ShopifyAdminFake.Location1));
    }

    [Fact]
    public async Task LostAnswer_IsRetriedWithTheSameIdempotencyKey_AndAppliedOnce()
    {
        var (harness, shop) = await StartAsync("A", "B");
        await using var _ = harness;
        await using var __ = shop;
        shop.LostAnswerRate = 1; // the set is applied, then its answer is lost (503)

        var report = await harness.PushAsync(harness.Level("A", "01", 3), harness.Level("B", "02", 4));

        Assert.Equal(2, report.ItemsSet);
        Assert.Equal(2, shop.SetCalls); // the first and its retry
        Assert.Equal(1, shop.IdempotentReplays); // same input, same key: the first result, not a second change
        Assert.Equal(1, shop.Applied[(ShopifyAdminFake.ItemGid("A"), ShopifyAdminFake.Location1)]);
        Assert.Equal(3, shop.Quantity("A", ShopifyAdminFake.Location1));
    }

    [Fact]
    public async Task RunThatGaveUpAfterShopifyApplied_TheNextRunSendsTheSameKey_AndIsNotAppliedTwice()
    {
        var (harness, shop) = await StartAsync("A");
        await using var _ = harness;
        await using var __ = shop;
        var change = harness.Level("A", "01", 3);
        shop.LoseEveryAnswer = true;
        await Assert.ThrowsAsync<PushTransientException>(() => harness.PushAsync(change));
        Assert.Equal(1, shop.Applied[(ShopifyAdminFake.ItemGid("A"), ShopifyAdminFake.Location1)]);

        shop.LoseEveryAnswer = false;
        var report = await harness.PushAsync(change); // no position was committed: the change is pushed again

        Assert.Equal(1, report.ItemsSet);
        Assert.Equal(PushHttp.MaxAttempts, shop.IdempotentReplays); // 7 replays in the first run, 1 in this one
        Assert.Equal(1, shop.Applied[(ShopifyAdminFake.ItemGid("A"), ShopifyAdminFake.Location1)]);
        Assert.Equal(0, (await harness.PushAsync(change)).ItemsSet); // and now it is recorded as pushed
    }

    [Fact]
    public async Task TwentyPercentFaults_EveryChangeArrivesOnceAtItsFinalValue()
    {
        string[] skus = Skus(40);
        var (harness, shop) = await StartAsync(skus);
        await using var _ = harness;
        await using var __ = shop;
        shop.FaultRate = 0.2;
        shop.LostAnswerRate = 0.2;
        for (int cycle = 1; cycle <= 3; cycle++)
        {
            await harness.PushAsync([.. skus.Select((s, i) => harness.Level(s, i % 2 == 0 ? "01" : "02", (cycle * 100) + i))]);
        }

        for (int i = 0; i < skus.Length; i++)
        {
            string location = i % 2 == 0 ? ShopifyAdminFake.Location1 : ShopifyAdminFake.Location2;
            Assert.Equal(300 + i, shop.Quantity(skus[i], location));
            Assert.Equal(3, shop.Applied[(ShopifyAdminFake.ItemGid(skus[i]), location)]); // once per cycle, never twice
        }

        Assert.True(shop.IdempotentReplays > 0);
    }

    [Fact]
    public async Task SameEventsDeliveredTenTimes_OneFinalQuantity_AndNoSetCallsAfterTheFirstCycle()
    {
        var (harness, shop) = await StartAsync("A", "B");
        await using var _ = harness;
        await using var __ = shop;
        ChangeEvent[] events = [harness.Level("A", "01", 5), harness.Level("B", "02", 6), harness.Level("A", "01", 8)];
        var reports = new List<PushReport>();
        for (int i = 0; i < 10; i++)
        {
            reports.Add(await harness.PushAsync(events));
        }

        Assert.Equal(1, shop.SetCalls);
        Assert.Equal(8, shop.Quantity("A", ShopifyAdminFake.Location1));
        Assert.Equal(1, shop.Applied[(ShopifyAdminFake.ItemGid("A"), ShopifyAdminFake.Location1)]);
        Assert.All(reports.Skip(1), r => Assert.Equal((0, 2), (r.ItemsSet, r.AlreadyPushed)));
    }

    [Fact]
    public async Task UnmappedLocation_AndUnknownSku_AreParkedWithAReason_WhileTheRestIsSet()
    {
        var (harness, shop) = await StartAsync("A");
        await using var _ = harness;
        await using var __ = shop;
        var unmapped = harness.Level("A", "99", 4);

        var report = await harness.PushAsync(unmapped, harness.Level("NOPE", "01", 2), harness.Level("A", "01", 6));

        Assert.Equal(2, report.Parked);
        Assert.Equal(6, shop.Quantity("A", ShopifyAdminFake.Location1));
        var parked = await harness.ParkedAsync();
        var location = Assert.Single(parked, p => p.Reason.Contains("Push:Targets:shop1:Locations:99", StringComparison.Ordinal));
        Assert.Equal((InventoryPush.ParkedKind, PushHarness.Target), (location.Kind, location.Source));
        Assert.Equal(unmapped.Id, CloudEventJson.Deserialize(location.Payload!).Id);
        Assert.Single(parked, p => p.Reason.Contains("SKU 'NOPE'", StringComparison.Ordinal));

        await harness.PushAsync(harness.Level("A", "99", 5)); // parked again: the same record, one more attempt
        Assert.Equal(2, (await harness.ParkedAsync()).Single(p => p.Id == location.Id).Attempts);
    }

    [Fact]
    public async Task MissingSecret_FailsNamingTheSecretName()
    {
        var (harness, shop) = await StartAsync("A");
        await using var _ = harness;
        await using var __ = shop;
        var fresh = new PushHarness(PushHarness.TargetSettings("Shopify", shop.BaseUrl.ToString(), "shopify-missing", Locations), harness.Clock);
        await using var ___ = fresh;

        var error = await Assert.ThrowsAsync<PushCredentialException>(() => fresh.PushAsync(fresh.Level("A", "01", 1)));

        Assert.Contains("'shopify-missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Push:Targets:shop1:CredentialSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_IsRefusedByTheFake_AndReportedAsACredentialError()
    {
        var (harness, shop) = await StartAsync("A");
        await using var _ = harness;
        await using var __ = shop;
        harness.Secrets.Set(Secret, "shpat_wrong");
        await harness.Secrets.InvalidateAsync(Secret);

        await Assert.ThrowsAsync<PushCredentialException>(() => harness.PushAsync(harness.Level("A", "01", 1)));
        Assert.Equal(0, shop.LookupCalls);
    }
}
