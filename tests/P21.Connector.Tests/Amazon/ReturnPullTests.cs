using System.Text;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Storage;
using P21.Sandbox.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>
/// <see cref="AmazonReturnPull"/> as <c>AddP21Intake</c> registers it, against <see cref="SpApiFake"/>'s requested
/// reports over loopback HTTP with in-memory stores: the request, the wait, the read, what reaches the write queue and
/// what is parked.
/// </summary>
public class ReturnPullTests
{
    private static Task<AmazonHarness> StartAsync(string policy = "WriteToMarketplaceLocation") =>
        AmazonHarness.StartAsync(s => s["Intake:Eligibility:MarketplaceFulfilled"] = policy, pull: true);

    private static Task<AmazonReturnPullResult> RunAsync(AmazonHarness h) =>
        h.Services.GetRequiredService<AmazonReturnPull>().RunAsync(CancellationToken.None);

    private static List<WriteCommand> Commands(AmazonHarness h) => [.. h.Queue.Messages.Select(m => WriteCommandSerializer.Deserialize(m.Body))];

    private static async Task<List<ParkedRecord>> ParkedAsync(AmazonHarness h)
    {
        var records = new List<ParkedRecord>();
        await foreach (ParkedRecord record in h.Services.GetRequiredService<IParkedRecordStore>().ListAsync(AmazonHarness.Connection))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Requests the report, lets Amazon build it, and reads it: two runs, as two timer ticks.</summary>
    private static async Task<AmazonReturnPullResult> RequestAndReadAsync(AmazonHarness h)
    {
        Assert.Equal(AmazonReturnPullStep.Requested, (await RunAsync(h)).Step);
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        return await RunAsync(h);
    }

    [Fact]
    public async Task RunAsync_ReturnsInTheRange_RequestedThenRead_EachBecomesOneFbaReturnOfItsOrder()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-3), "111-0000001-0000007", "BOLT-10", 2, licensePlate: "LPNRR000000011");
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-1), "111-0000002-0000014", "NUT-4", 1, disposition: "CUSTOMER_DAMAGED", reason: "DEFECTIVE", licensePlate: "LPNRR000000012");
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-20), "111-0000003-0000021", "OLD-1", 1);

        AmazonReturnPullResult requested = await RunAsync(h);
        Assert.Equal(AmazonReturnPullStep.Requested, requested.Step);
        Assert.Empty(h.Queue.Messages);
        var body = Assert.Single(h.Fake.ReportRequests);
        Assert.Equal(AmazonReport.FbaCustomerReturns, body["reportType"]!.GetValue<string>());
        Assert.Equal("2026-11-19T12:00:00Z", body["dataStartTime"]!.GetValue<string>());
        Assert.Equal([SpApiFake.Marketplace], body["marketplaceIds"]!.AsArray().Select(m => m!.GetValue<string>()));

        // Amazon is still building it: the next tick waits and requests nothing more.
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        AmazonReturnPullResult waiting = await RunAsync(h);
        Assert.Equal(AmazonReturnPullStep.Waiting, waiting.Step);
        Assert.Equal(requested.ReportId, waiting.ReportId);
        Assert.Equal(1, h.Fake.CreateReportCalls);

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        AmazonReturnPullResult read = await RunAsync(h);

        Assert.Equal((AmazonReturnPullStep.Pulled, 2, 0, 0), (read.Step, read.Enqueued, read.AlreadyHandled, read.Parked));
        Assert.Equal(AmazonHarness.Start, read.Through);
        List<WriteCommand> commands = Commands(h);
        Assert.Equal(["amazon:Return.Create:111-0000001-0000007-lpnrr000000011", "amazon:Return.Create:111-0000002-0000014-lpnrr000000012"], commands.Select(c => c.IdempotencyKey));
        var first = Assert.IsType<ReturnCreate>(commands[0].Payload);
        Assert.Equal("111-0000001-0000007", first.ExternalOrderId);
        Assert.True(first.FulfilledByMarketplace);
        ReturnLine line = Assert.Single(first.Lines);
        Assert.Equal(("BOLT-10", 2m, (decimal?)null), (line.Sku, line.Quantity, line.UnitPrice));
        var second = Assert.IsType<ReturnCreate>(commands[1].Payload);
        Assert.Equal("DEFECTIVE, CUSTOMER_DAMAGED", Assert.Single(second.Lines).Reason);
        Assert.All(commands, c => Assert.Equal(AmazonHarness.Connection, c.Connection));
    }

    [Fact]
    public async Task RunAsync_NextRangeOverlapsTheLast_ReturnsInTheLedgerAreNotEnqueuedAgain()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddHours(-5), "111-0000001-0000007", "BOLT-10", 2, licensePlate: "LPNRR000000011");
        Assert.Equal(1, (await RequestAndReadAsync(h)).Enqueued);
        WriteCommand written = Assert.Single(Commands(h));
        IIdempotencyLedger ledger = h.Services.GetRequiredService<IIdempotencyLedger>();
        await ledger.TryBeginAsync(AmazonHarness.Connection, written.IdempotencyKey, written.CommandId, written.Kind.Name);

        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddMinutes(40), "111-0000002-0000014", "NUT-4", 3, licensePlate: "LPNRR000000012");
        h.Clock.Advance(TimeSpan.FromHours(1));
        AmazonReturnPullResult second = await RequestAndReadAsync(h);

        // The second range starts two days before the first one's end, so it holds the first return again.
        Assert.Equal("2026-12-01T12:00:00Z", h.Fake.ReportRequests[1]["dataStartTime"]!.GetValue<string>());
        Assert.Equal((2, 1, 1), (Commands(h).Count, second.Enqueued, second.AlreadyHandled));
        Assert.Equal("amazon:Return.Create:111-0000002-0000014-lpnrr000000012", Commands(h)[1].IdempotencyKey);
    }

    [Fact]
    public async Task RunAsync_RangeWithoutReturns_AmazonCancelsTheReport_AndTheWatermarkMovesPastIt()
    {
        await using AmazonHarness h = await StartAsync();

        AmazonReturnPullResult read = await RequestAndReadAsync(h);

        Assert.Equal(AmazonReturnPullStep.NoReturns, read.Step);
        Assert.Equal(AmazonHarness.Start, read.Through);
        Assert.Empty(h.Queue.Messages);
        Assert.Equal(AmazonReturnPullStep.Requested, (await RunAsync(h)).Step);
        Assert.Equal(2, h.Fake.CreateReportCalls);
    }

    [Fact]
    public async Task RunAsync_ReportFatal_SaysSo_AndTheNextRunRequestsTheSameRangeAgain()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-2), "111-0000001-0000007", "BOLT-10", 1);
        h.Fake.FatalReportTypes.Add(SpApiFake.CustomerReturnsReportType);

        AmazonReturnPullResult failed = await RequestAndReadAsync(h);
        Assert.Equal(AmazonReturnPullStep.Failed, failed.Step);
        Assert.Contains("could not build report", failed.Detail, StringComparison.Ordinal);
        Assert.Null(failed.Through);

        AmazonReturnPullResult again = await RequestAndReadAsync(h);
        Assert.Equal((AmazonReturnPullStep.Pulled, 1), (again.Step, again.Enqueued));
        Assert.Equal(h.Fake.ReportRequests[0]["dataStartTime"]!.GetValue<string>()[..10], h.Fake.ReportRequests[1]["dataStartTime"]!.GetValue<string>()[..10]);
    }

    [Fact]
    public async Task RunAsync_RowThatDoesNotRead_IsParkedWithItsRow_AndTheOthersAreWritten()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-1), "111-0000001-0000007", "BOLT-10", 1);
        h.Fake.ExtraReturnsLine = "2026-12-02T10:00:00+00:00\t111-0000009-0000063\tWASHER-2\tB0X\tX0X\tWasher\tmany\tPHX7\tSELLABLE\tUNWANTED_ITEM\tUnit returned to inventory\tLPNRR000000099\t";

        AmazonReturnPullResult read = await RequestAndReadAsync(h);

        Assert.Equal((AmazonReturnPullStep.Pulled, 1, 1), (read.Step, read.Enqueued, read.Parked));
        ParkedRecord listed = Assert.Single(await ParkedAsync(h));
        ParkedRecord parked = (await h.Services.GetRequiredService<IParkedRecordStore>().GetAsync(AmazonHarness.Connection, listed.Id))!;
        Assert.Equal(AmazonReturnPull.ParkedRowKind, parked.Kind);
        Assert.Contains("quantity 'many' is not a positive whole number", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("WASHER-2", parked.Payload, StringComparison.Ordinal);
        Assert.StartsWith("return-date\torder-id\tsku", parked.Payload, StringComparison.Ordinal);
        Assert.Equal(AmazonHarness.Start, read.Through);
    }

    [Fact]
    public async Task RunAsync_QueueDown_StopsWithoutCommitting_AndTheNextRunReadsTheSameReport()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-1), "111-0000001-0000007", "BOLT-10", 1);
        Assert.Equal(AmazonReturnPullStep.Requested, (await RunAsync(h)).Step);
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        h.Queue.Fail = true;

        await Assert.ThrowsAsync<AmazonPullStoppedException>(() => RunAsync(h));

        h.Queue.Fail = false;
        AmazonReturnPullResult read = await RunAsync(h);
        Assert.Equal((AmazonReturnPullStep.Pulled, 1), (read.Step, read.Enqueued));
        Assert.Equal(1, h.Fake.CreateReportCalls);
        Assert.Single(Commands(h));
    }

    [Fact]
    public async Task HandBackAsync_AfterARead_TheNextRunReadsTheSameReportAgain_AndALaterRunsWatermarkIsLeftAlone()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-1), "111-0000001-0000007", "BOLT-10", 1);
        AmazonReturnPull pull = h.Services.GetRequiredService<AmazonReturnPull>();
        AmazonReturnPullResult read = await RequestAndReadAsync(h);

        Assert.True(await pull.HandBackAsync(read, CancellationToken.None));
        AmazonReturnPullResult reread = await RunAsync(h);

        Assert.Equal((AmazonReturnPullStep.Pulled, read.ReportId, 1), (reread.Step, reread.ReportId, reread.Enqueued));
        Assert.Equal(1, h.Fake.CreateReportCalls);
        Assert.Equal(2, Commands(h).Count(c => c.IdempotencyKey == Commands(h)[0].IdempotencyKey));

        // A run after the read has moved on: handing the old read back would undo it, so nothing changes.
        Assert.Equal(AmazonReturnPullStep.Requested, (await RunAsync(h)).Step);
        Assert.False(await pull.HandBackAsync(reread, CancellationToken.None));
        Assert.Equal(AmazonReturnPullStep.Waiting, (await RunAsync(h)).Step);
    }

    [Fact]
    public async Task RunAsync_FbaOrdersSkipped_RequestsNothing()
    {
        await using AmazonHarness h = await StartAsync(policy: "Skip");
        h.Fake.SeedCustomerReturn(AmazonHarness.Start.AddDays(-1), "111-0000001-0000007", "BOLT-10", 1);

        AmazonReturnPullResult result = await RunAsync(h);

        Assert.Equal(AmazonReturnPullStep.SkippedByPolicy, result.Step);
        Assert.Contains("MarketplaceFulfilled is Skip", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake.CreateReportCalls);
    }

    [Fact]
    public async Task RunAsync_ReportAmazonNoLongerHas_StartsTheRangeAgain()
    {
        await using AmazonHarness h = await StartAsync();
        IWatermarkStore watermarks = h.Services.GetRequiredService<IWatermarkStore>();
        WatermarkLease lease = (await watermarks.TryAcquireLeaseAsync(AmazonHarness.Connection, AmazonReturnPull.WatermarkEntity, "test-seed", TimeSpan.FromMinutes(1)))!;
        lease = await watermarks.CommitAsync(lease, "through=2026-12-01T00:00:00.000Z;report=999;to=2026-12-02T00:00:00.000Z", 0);
        await watermarks.ReleaseAsync(lease);

        AmazonReturnPullResult failed = await RunAsync(h);

        Assert.Equal(AmazonReturnPullStep.Failed, failed.Step);
        Assert.Contains("no longer has report 999", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(AmazonReturnPullStep.Requested, (await RunAsync(h)).Step);
        Assert.Equal("2026-11-29T00:00:00Z", Assert.Single(h.Fake.ReportRequests)["dataStartTime"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_FileWithoutTheReturnColumns_DoesNotRead_NamingWhatIsMissing()
    {
        P21.Connector.Intake.Returns.FbaReturnsReport.Parse(Encoding.UTF8.GetBytes("settlement-id\ttotal-amount\n1\t2\n"), out string? failure);

        Assert.Equal("the file is not an FBA customer returns report: its header lacks return-date, order-id, sku, quantity", failure);
    }
}
