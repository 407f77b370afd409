using System.Text;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Storage;
using P21.Connector.Tests.Intake;
using P21.Sandbox.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>
/// <see cref="AmazonOrderPull"/> as <c>AddP21Intake</c> registers it, against <see cref="SpApiFake"/> over loopback
/// HTTP with in-memory stores: what reaches the write queue, what the watermark says, and what a rerun does.
/// </summary>
public class OrderPullTests
{
    private static Task<AmazonHarness> StartAsync(Action<Dictionary<string, string?>>? change = null) => AmazonHarness.StartAsync(change, pull: true);

    private static AmazonOrderPull Pull(AmazonHarness h) => h.Services.GetRequiredService<AmazonOrderPull>();

    private static Task<AmazonOrderPullResult> RunAsync(AmazonHarness h, AmazonOrderPullRequest? request = null) =>
        Pull(h).RunAsync(request ?? new AmazonOrderPullRequest(), CancellationToken.None);

    private static List<WriteCommand> Commands(AmazonHarness h) => [.. h.Queue.Messages.Select(m => WriteCommandSerializer.Deserialize(m.Body))];

    private static Task<Watermark?> WatermarkAsync(AmazonHarness h) =>
        h.Services.GetRequiredService<IWatermarkStore>().GetAsync(AmazonHarness.Connection, AmazonOrderPull.WatermarkEntity);

    [Fact]
    public async Task RunAsync_ThreePages_EnqueuesEveryOrderOnceOldestFirst_AndCommitsTheWatermark()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.PageSize = 5;
        h.SeedOrders(12);

        AmazonOrderPullResult result = await RunAsync(h);

        Assert.Equal(3, h.Fake.OrdersCalls);
        Assert.Equal(12, h.Fake.ItemsCalls);
        Assert.Equal(12, result.Count(PulledOrderOutcome.Enqueued));
        List<WriteCommand> commands = Commands(h);
        Assert.Equal([.. Enumerable.Range(1, 12).Select(i => $"amazon:SalesOrder.Create:{AmazonHarness.OrderId(i)}")], commands.Select(c => c.IdempotencyKey));
        Assert.All(commands, c => Assert.Equal(AmazonHarness.Connection, c.Connection));
        Assert.Equal(h.Clock.GetUtcNow().AddMinutes(-3), result.Watermark);
        Assert.Equal("2026-12-03T11:57:00.000Z", (await WatermarkAsync(h))?.Position);

        // Nothing new: the next pull reads from the watermark (minus the overlap) and enqueues nothing.
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        AmazonOrderPullResult again = await RunAsync(h);
        Assert.Empty(again.Orders);
        Assert.Equal(12, h.Queue.Messages.Count);
    }

    [Fact]
    public async Task RunAsync_HostDiesAfterAnEnqueueBeforeItsCommit_RerunSendsThatOrderAgainUnderTheSameIdAndLosesNothing()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.PageSize = 4;
        h.SeedOrders(10);
        h.Queue.CrashAfterSendAt = 6;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(h));
        Assert.Equal(AmazonHarness.Start.AddHours(-2).AddMinutes(5), DateTimeOffset.Parse((await WatermarkAsync(h))!.Position!, System.Globalization.CultureInfo.InvariantCulture));

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        AmazonOrderPullResult rerun = await RunAsync(h);

        // Orders 1-5 are read again (the overlap) but skipped without a call; 6 goes again, 7-10 for the first time.
        Assert.Equal(5, rerun.Count(PulledOrderOutcome.AlreadyPulled));
        Assert.Equal(5, rerun.Count(PulledOrderOutcome.Enqueued));
        var sent = h.Queue.Messages.ToList();
        Assert.Equal(11, sent.Count);
        Assert.Equal(10, sent.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(sent[5].MessageId, sent[6].MessageId);
        Assert.Equal(
            [.. Enumerable.Range(1, 10).Select(i => $"amazon:SalesOrder.Create:{AmazonHarness.OrderId(i)}")],
            Commands(h).Select(c => c.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task RunAsync_OrderAlsoDeliveredByARelay_SameCommandIdKeyAndPayload()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(1);
        string id = AmazonHarness.OrderId(1);
        AmazonOrder order = Assert.Single(await h.AllOrdersAsync());
        IReadOnlyList<AmazonOrderItem> items = await h.Client.GetOrderItemsAsync(id, CancellationToken.None);
        var relayBody = new JsonObject
        {
            ["order"] = JsonNode.Parse(order.Json.GetRawText()),
            ["orderItems"] = new JsonObject { ["AmazonOrderId"] = id, ["OrderItems"] = new JsonArray([.. items.Select(i => JsonNode.Parse(i.Json.GetRawText()))]) },
        };
        using var relay = new IntakeFixture(configure: o => o.Connection = AmazonHarness.Connection);
        WriteCommand relayed = IntakeAssert.AcceptedOne(await relay.SendAsync(relay.Amazon("orders", Encoding.UTF8.GetBytes(relayBody.ToJsonString()))), relay.Queue);

        await RunAsync(h);

        WriteCommand pulled = Assert.Single(Commands(h));
        Assert.Equal($"amazon:SalesOrder.Create:{id}", pulled.IdempotencyKey);
        Assert.Equal(relayed.CommandId, pulled.CommandId);
        Assert.Equal(relayed.IdempotencyKey, pulled.IdempotencyKey);
        Assert.Equal(WriteCommandSerializer.Serialize(relayed with { ReceivedUtc = pulled.ReceivedUtc }), WriteCommandSerializer.Serialize(pulled));
    }

    [Fact]
    public async Task RunAsync_FulfilledByAmazon_SkippedByDefault_WrittenToTheFbaLocationWhenTheSourceSaysSo()
    {
        await using AmazonHarness skip = await StartAsync();
        skip.Fake.Seed("113-0000001-0000001", AmazonHarness.Start.AddHours(-1), channel: "AFN", items: ("SKU-1", 2, 20m));

        PulledOrder skipped = Assert.Single((await RunAsync(skip)).Orders);

        Assert.Equal(PulledOrderOutcome.NotWritten, skipped.Outcome);
        Assert.Contains("MarketplaceFulfilled is Skip", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(0, skip.Fake.ItemsCalls);
        Assert.Empty(skip.Queue.Messages);

        await using AmazonHarness write = await StartAsync(s => s["Intake:EligibilityBySource:amazon:MarketplaceFulfilled"] = "WriteToMarketplaceLocation");
        write.Fake.Seed("113-0000001-0000001", AmazonHarness.Start.AddHours(-1), channel: "AFN", items: ("SKU-1", 2, 20m));

        Assert.Equal(PulledOrderOutcome.Enqueued, Assert.Single((await RunAsync(write)).Orders).Outcome);
        SalesOrderCreate order = Assert.IsType<SalesOrderCreate>(Assert.Single(Commands(write)).Payload);
        Assert.True(order.Standing?.FulfilledByMarketplace);
    }

    [Fact]
    public async Task RunAsync_PendingOrder_WaitsWithoutAWrite_ThenIsEnqueuedOnceAmazonMarksItUnshipped()
    {
        await using AmazonHarness h = await StartAsync();
        const string Id = "114-0000002-0000002";
        h.Fake.Seed(Id, AmazonHarness.Start.AddMinutes(-30), status: "Pending", items: ("SKU-2", 1, 5m));

        Assert.Equal(PulledOrderOutcome.Waiting, Assert.Single((await RunAsync(h)).Orders).Outcome);
        Assert.Empty(h.Queue.Messages);
        Assert.Equal(0, h.Fake.ItemsCalls);

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        h.Fake.Update(Id, "Unshipped", h.Clock.GetUtcNow().AddMinutes(-4));
        AmazonOrderPullResult paid = await RunAsync(h);

        Assert.Equal(PulledOrderOutcome.Enqueued, Assert.Single(paid.Orders).Outcome);
        Assert.Equal($"amazon:SalesOrder.Create:{Id}", Assert.Single(Commands(h)).IdempotencyKey);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterTheHandOver_EnqueuesSalesOrderCancel_CancelledBeforeIsNotWritten()
    {
        await using AmazonHarness h = await StartAsync();
        const string Written = "114-0000003-0000003";
        const string NeverWritten = "114-0000004-0000004";
        h.Fake.Seed(Written, AmazonHarness.Start.AddMinutes(-40), items: ("SKU-3", 1, 5m));
        h.Fake.Seed(NeverWritten, AmazonHarness.Start.AddMinutes(-39), status: "Canceled", items: ("SKU-4", 1, 5m));

        AmazonOrderPullResult first = await RunAsync(h);
        Assert.Equal([PulledOrderOutcome.Enqueued, PulledOrderOutcome.NotWritten], first.Orders.Select(o => o.Outcome));

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        h.Fake.Update(Written, "Canceled", h.Clock.GetUtcNow().AddMinutes(-5));
        AmazonOrderPullResult second = await RunAsync(h);

        Assert.Equal(PulledOrderOutcome.CancelEnqueued, Assert.Single(second.Orders).Outcome);
        List<WriteCommand> commands = Commands(h);
        Assert.Equal([$"amazon:SalesOrder.Create:{Written}", $"amazon:SalesOrder.Cancel:{Written}"], commands.Select(c => c.IdempotencyKey));
        Assert.Equal(new SalesOrderCancel(Written, "Canceled"), commands[1].Payload);
    }

    [Fact]
    public async Task RunAsync_RestrictedData_ReadsAddressThroughAToken_WithoutIt_OnlyTheCityRegionAndPostalCode()
    {
        await using AmazonHarness withToken = await StartAsync(s => s["Amazon:Orders:RestrictedData"] = "true");
        withToken.SeedOrders(2);

        await RunAsync(withToken);

        Assert.True(withToken.Fake.RestrictedTokenCalls >= 1);
        SalesOrderCreate full = Assert.IsType<SalesOrderCreate>(Commands(withToken)[0].Payload);
        Assert.Equal("410 Terry Ave N", full.ShipTo?.Line1);
        Assert.EndsWith("@marketplace.amazon.com", full.Customer.Email, StringComparison.Ordinal);

        await using AmazonHarness without = await StartAsync();
        without.SeedOrders(1);

        AmazonOrderPullResult result = await RunAsync(without);

        Assert.Equal(0, without.Fake.RestrictedTokenCalls);
        // Written all the same: the writer takes the house customer and ships to what Amazon told.
        Assert.Equal(PulledOrderOutcome.Enqueued, Assert.Single(result.Orders).Outcome);
        SalesOrderCreate partial = Assert.IsType<SalesOrderCreate>(Assert.Single(Commands(without)).Payload);
        Assert.Null(partial.ShipTo?.Line1);
        Assert.Equal("98109", partial.ShipTo?.PostalCode);
        Assert.Null(partial.Customer.Email);
    }

    [Fact]
    public async Task RunAsync_RestrictedDataWithoutTheRoles_FailsNamingTheSetting_AndCommitsNothing()
    {
        await using AmazonHarness h = await StartAsync(s => s["Amazon:Orders:RestrictedData"] = "true");
        h.Fake.RestrictedDataRoles = false;
        h.SeedOrders(2);

        SpApiException error = await Assert.ThrowsAsync<SpApiException>(() => RunAsync(h));

        Assert.Contains("Amazon:Orders:RestrictedData", error.Message, StringComparison.Ordinal);
        Assert.Contains("Writer:HouseCustomerIds:amazon", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Queue.Messages);
        Assert.Null((await WatermarkAsync(h))?.Position);
    }

    [Fact]
    public async Task RunAsync_RevokedRefreshToken_ThrowsAuthErrorNamingTheSecret_AndCommitsNothing()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(2);
        h.Fake.RevokedRefreshTokens.Add(SpApiFake.RefreshToken);

        AmazonAuthException error = await Assert.ThrowsAsync<AmazonAuthException>(() => RunAsync(h));

        Assert.Contains(AmazonHarness.RefreshTokenName, error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Queue.Messages);
        Assert.Null((await WatermarkAsync(h))?.Position);
    }

    [Fact]
    public async Task RunAsync_BacklogBeyondTheItemsBurst_IsPacedNotFailed_AndStopsAtMaxRunDurationToGoOnNextTime()
    {
        await using AmazonHarness h = await StartAsync(s => s["Amazon:Orders:MaxRunDuration"] = "00:01:00");
        h.SeedOrders(100);

        AmazonOrderPullResult first = await RunAsync(h);

        // 30 calls from the burst, one 429, then one call per 2 s: about 30 more in the minute allowed.
        Assert.True(first.More);
        Assert.Equal(1, h.Fake.ThrottledAnswers);
        int firstCount = first.Count(PulledOrderOutcome.Enqueued);
        Assert.InRange(firstCount, 55, 65);
        Assert.Equal(AmazonHarness.Start.AddHours(-2).AddMinutes(firstCount), first.Watermark);

        AmazonOrderPullResult second = await RunAsync(h);
        AmazonOrderPullResult third = second.More ? await RunAsync(h) : second;

        Assert.False(third.More);
        Assert.Equal(100, h.Queue.Messages.Count);
        Assert.Equal(100, h.Queue.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_DryRunAndSince_EnqueueOrMoveNothingTheyShouldNot()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(3);

        AmazonOrderPullResult dry = await RunAsync(h, new AmazonOrderPullRequest(DryRun: true));

        Assert.Equal(3, dry.Count(PulledOrderOutcome.Enqueued));
        Assert.Null(dry.Watermark);
        Assert.Empty(h.Queue.Messages);
        Assert.Null(await WatermarkAsync(h));

        // A re-pull hands the orders over but leaves the watermark where it was.
        AmazonOrderPullResult since = await RunAsync(h, new AmazonOrderPullRequest(Since: AmazonHarness.Start.AddHours(-3)));

        Assert.Equal(AmazonHarness.Start.AddHours(-3), since.From);
        Assert.Equal(3, h.Queue.Messages.Count);
        Assert.Null(await WatermarkAsync(h));
    }

    [Fact]
    public async Task RunAsync_QueueDown_StopsBeforeThatOrder_AndTheNextPullHandsItOver()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(3);
        h.Queue.Fail = true;

        AmazonPullStoppedException stopped = await Assert.ThrowsAsync<AmazonPullStoppedException>(() => RunAsync(h));

        Assert.Contains(AmazonHarness.OrderId(1), stopped.Message, StringComparison.Ordinal);
        Assert.Null((await WatermarkAsync(h))?.Position);

        h.Queue.Fail = false;
        AmazonOrderPullResult rerun = await RunAsync(h);

        Assert.Equal(3, rerun.Count(PulledOrderOutcome.Enqueued));
        Assert.Equal(3, h.Queue.Messages.Count);
    }

    [Fact]
    public async Task RunAsync_OrderThatBreaksTheIntakeRules_IsParkedWithItsReason_AndTheRestGoOn()
    {
        await using AmazonHarness h = await StartAsync();
        const string Broken = "114-0000005-0000005";
        h.Fake.Seed(Broken, AmazonHarness.Start.AddMinutes(-50), items: (new string('X', 101), 1, 5m));
        h.Fake.Seed("114-0000006-0000006", AmazonHarness.Start.AddMinutes(-49), items: ("SKU-6", 1, 5m));

        AmazonOrderPullResult result = await RunAsync(h);

        Assert.Equal([PulledOrderOutcome.Refused, PulledOrderOutcome.Enqueued], result.Orders.Select(o => o.Outcome));
        Assert.Contains("SellerSKU", result.Orders[0].Reason, StringComparison.Ordinal);
        ParkedRecord parked = Assert.Single(await h.Services.GetRequiredService<IParkedRecordStore>().ListAsync(AmazonHarness.Connection).ToListAsync());
        Assert.Equal(AmazonOrderPull.ParkedKind, parked.Kind);
        Assert.Equal($"amazon:SalesOrder.Create:{Broken}", parked.IdempotencyKey);
        Assert.Contains(Broken, parked.Reason, StringComparison.Ordinal);
        Assert.Contains("SellerSKU", parked.Reason, StringComparison.Ordinal);
        ParkedRecord whole = (await h.Services.GetRequiredService<IParkedRecordStore>().GetAsync(AmazonHarness.Connection, parked.Id))!;
        Assert.Equal(Broken, JsonNode.Parse(whole.Payload!)!["order"]!["AmazonOrderId"]!.GetValue<string>());
        Assert.Single(h.Queue.Messages);

        // The next pull's overlap sees it again and leaves it parked, without a call.
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        int itemCalls = h.Fake.ItemsCalls;
        Assert.DoesNotContain((await RunAsync(h)).Orders, o => o.Outcome != PulledOrderOutcome.AlreadyPulled);
        Assert.Equal(itemCalls, h.Fake.ItemsCalls);

        // Amazon corrects the line; the re-pull the record names takes it and closes the record.
        h.Fake.ReplaceItems(Broken, ("SKU-5", 1, 5m));
        AmazonOrderPullResult repull = await RunAsync(h, new AmazonOrderPullRequest(Since: AmazonHarness.Start.AddMinutes(-51)));

        Assert.Equal(PulledOrderOutcome.Enqueued, repull.Orders.Single(o => o.AmazonOrderId == Broken).Outcome);
        Assert.Equal(ParkedStatus.Replayed, (await h.Services.GetRequiredService<IParkedRecordStore>().GetAsync(AmazonHarness.Connection, parked.Id))!.Status);
        Assert.Equal($"amazon:SalesOrder.Create:{Broken}", Commands(h).Last().IdempotencyKey);
    }

    [Fact]
    public async Task RunAsync_LeaseHeldByAnotherPull_DoesNothingAndSaysWho()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(2);
        IWatermarkStore store = h.Services.GetRequiredService<IWatermarkStore>();
        WatermarkLease? other = await store.TryAcquireLeaseAsync(AmazonHarness.Connection, AmazonOrderPull.WatermarkEntity, "func-host-2/4242/2026-12-03T11:00:00Z/run1", TimeSpan.FromMinutes(2));
        Assert.NotNull(other);

        AmazonOrderPullResult result = await RunAsync(h);

        Assert.Contains("func-host-2", result.LeaseHeldBy, StringComparison.Ordinal);
        Assert.Empty(result.Orders);
        Assert.Equal(0, h.Fake.OrdersCalls);
    }

    [Fact]
    public async Task RunAsync_NoAmazonSettings_DoesNothing()
    {
        await using AmazonHarness h = await StartAsync(s =>
        {
            foreach (string key in s.Keys.Where(k => k.StartsWith("Amazon:", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });

        AmazonOrderPullResult result = await RunAsync(h);

        Assert.False(result.Configured);
        Assert.Equal(0, h.Fake.TokenCalls);
    }
    [Fact]
    public async Task HandBackAsync_UnwrittenOrders_MovesTheWatermarkBackAndTheNextPullSendsThemAgainUnderTheSameIds()
    {
        await using AmazonHarness h = await StartAsync();
        h.SeedOrders(5);
        AmazonOrderPullResult first = await RunAsync(h);
        PulledOrder[] unwritten = [.. first.Orders.Skip(3)];

        bool handedBack = await Pull(h).HandBackAsync(unwritten, CancellationToken.None);
        Watermark? back = await WatermarkAsync(h);
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        AmazonOrderPullResult next = await RunAsync(h);

        Assert.True(handedBack);
        Assert.Equal(AmazonHarness.Start.AddHours(-2).AddMinutes(4), unwritten[0].LastUpdateDate);
        Assert.Equal("2026-12-03T10:03:59.999Z", back?.Position);
        Assert.Equal([AmazonHarness.OrderId(4), AmazonHarness.OrderId(5)], next.Orders.Where(o => o.Outcome == PulledOrderOutcome.Enqueued).Select(o => o.AmazonOrderId));
        List<WriteCommand> commands = Commands(h);
        Assert.Equal(7, commands.Count);
        Assert.Equal(commands[3].CommandId, commands[5].CommandId);
        Assert.Equal(commands[4].CommandId, commands[6].CommandId);
    }
}
