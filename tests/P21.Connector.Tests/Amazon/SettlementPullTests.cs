using System.Globalization;
using System.Text;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Storage;
using P21.Connector.Tests.Intake;
using P21.Connector.Tests.Intake.Settlements;
using P21.Connector.Write.Journal;
using P21.Sandbox.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>
/// <see cref="AmazonSettlementPull"/> as <c>AddP21Intake</c> registers it, against <see cref="SpApiFake"/>'s Reports API
/// over loopback HTTP with in-memory stores: what reaches the write queue, what is parked, what the watermark says.
/// </summary>
public class SettlementPullTests
{
    private static Task<AmazonHarness> StartAsync(Action<Dictionary<string, string?>>? change = null) => AmazonHarness.StartAsync(change, pull: true);

    private static Task<AmazonSettlementPullResult> RunAsync(AmazonHarness h, bool dryRun = false) =>
        h.Services.GetRequiredService<AmazonSettlementPull>().RunAsync(new AmazonSettlementPullRequest(dryRun), CancellationToken.None);

    private static List<WriteCommand> Commands(AmazonHarness h) => [.. h.Queue.Messages.Select(m => WriteCommandSerializer.Deserialize(m.Body))];

    private static async Task<DateTimeOffset?> WatermarkAsync(AmazonHarness h)
    {
        Watermark? watermark = await h.Services.GetRequiredService<IWatermarkStore>().GetAsync(AmazonHarness.Connection, AmazonSettlementPull.WatermarkEntity);
        return watermark?.Position is { } position ? DateTimeOffset.Parse(position, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A V2 flat file of settlement <paramref name="settlementId"/> whose summary total is the sum of its rows.</summary>
    private static byte[] SettlementFile(string settlementId, int rows = 40, int seed = 7) =>
        Encoding.UTF8.GetBytes(SettlementFiles.Generate(rows, seed).Replace("24419588741", settlementId, StringComparison.Ordinal));

    private static DateTimeOffset Created(int daysAgo) => AmazonHarness.Start.AddDays(-daysAgo);

    private static string Key(string settlementId) => $"amazon:{WriteCommandKind.Of<JournalEntryPost>().Name}:{settlementId}";

    [Fact]
    public async Task RunAsync_GzipSettlementDocument_EnqueuesExactlyOneBalancedJournal_WithoutSendingTheTokenToTheDownload()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018001", Created(3), SettlementFile("24419588741", rows: 250), gzip: true);

        AmazonSettlementPullResult result = await RunAsync(h);

        PulledSettlement report = Assert.Single(result.Reports);
        Assert.Equal(PulledSettlementOutcome.Enqueued, report.Outcome);
        Assert.Equal("24419588741", report.SettlementId);
        Assert.Equal(250, report.Lines);
        WriteCommand command = Assert.Single(Commands(h));
        Assert.Equal(Key("24419588741"), command.IdempotencyKey);
        Assert.Equal(AmazonHarness.Connection, command.Connection);
        var entry = Assert.IsType<JournalEntryPost>(command.Payload);
        Assert.Equal(250, entry.Lines.Count);
        Assert.Equal(entry.Total, entry.Lines.Sum(l => l.Amount));
        Assert.Equal(report.Total, entry.Total);

        // The journal the writer builds from it balances: the deposit is the debit, the amount rows the credits.
        SettlementJournalResult journal = SettlementJournal.Build(
            entry, key => $"4{Array.IndexOf(SettlementFiles.Keys, (key.TransactionType, key.AmountType, key.AmountDescription)):000}-00", new SettlementPostingOptions { ClearingAccount = "1150-00" });
        Assert.True(journal.IsBalanced, journal.Failure);
        Assert.Equal(journal.Lines.Where(l => l.Amount > 0).Sum(l => l.Amount), -journal.Lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
        Assert.Equal(entry.Total, journal.Lines.Single(l => l.AccountNumber == "1150-00").Amount);

        Assert.Equal(1, h.Fake.DocumentCalls);
        Assert.Equal(1, h.Fake.DownloadCalls);
        Assert.Equal(0, h.Fake.DownloadsWithAccessToken);
        string query = Assert.Single(h.Fake.ReportsQueries);
        Assert.Equal(
            $"?reportTypes=GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2&processingStatuses=DONE&createdSince={Uri.EscapeDataString("2026-11-03T12:00:00Z")}&pageSize=100",
            query);
        Assert.Equal(Created(3), await WatermarkAsync(h));
        Assert.Equal(Created(3), result.Watermark);
    }

    [Fact]
    public async Task PresignedDownload_WithTheAccessToken_IsRefusedByTheFake()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018002", Created(1), SettlementFile("24419588742"), gzip: false);
        using var http = new HttpClient();
        string token = (await h.Services.GetRequiredService<LwaTokens>().GetAsync(CancellationToken.None))!;
        using var documentRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(h.Fake.BaseUrl, $"/reports/2021-06-30/documents/{SpApiFake.DocumentIdOf("50001018002")}"));
        documentRequest.Headers.Add("x-amz-access-token", token);
        using HttpResponseMessage document = await http.SendAsync(documentRequest, CancellationToken.None);
        string url = System.Text.Json.JsonDocument.Parse(await document.Content.ReadAsStringAsync(CancellationToken.None)).RootElement.GetProperty("url").GetString()!;

        using var withToken = new HttpRequestMessage(HttpMethod.Get, url);
        withToken.Headers.Add("x-amz-access-token", token);
        using HttpResponseMessage refused = await http.SendAsync(withToken, CancellationToken.None);
        using HttpResponseMessage served = await http.GetAsync(new Uri(url), CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, h.Fake.DownloadsWithAccessToken);
        Assert.True(served.IsSuccessStatusCode);
        Assert.Equal(SettlementFile("24419588742"), await served.Content.ReadAsByteArrayAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_SeveralPages_FollowsNextTokenAloneAndPostsEveryReportOldestFirst()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.ReportsPageLimit = 2;
        for (int i = 1; i <= 5; i++)
        {
            h.Fake.SeedReport($"5000101810{i}", Created(30 - (i * 5)), SettlementFile($"2441958870{i}", seed: i), gzip: i % 2 == 0);
        }

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal(3, h.Fake.ReportsCalls);
        Assert.StartsWith("?reportTypes=", h.Fake.ReportsQueries[0], StringComparison.Ordinal);
        Assert.All(h.Fake.ReportsQueries.Skip(1), q => Assert.Matches("^\\?nextToken=[0-9a-f]+$", q));
        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"5000101810{i}")], result.Reports.Select(r => r.ReportId));
        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => Key($"2441958870{i}"))], Commands(h).Select(c => c.IdempotencyKey));
        Assert.All(Commands(h), c => Assert.Equal(((JournalEntryPost)c.Payload).Total, ((JournalEntryPost)c.Payload).Lines.Sum(l => l.Amount)));
        Assert.Equal(Created(5), await WatermarkAsync(h));
    }

    [Fact]
    public async Task RunAsync_SameSettlementInTwoReports_EnqueuesOneCommand()
    {
        await using AmazonHarness h = await StartAsync();
        byte[] file = SettlementFile("24419588750");
        h.Fake.SeedReport("50001018201", Created(6), file, gzip: true);
        h.Fake.SeedReport("50001018202", Created(5), file, gzip: false);

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal([PulledSettlementOutcome.Enqueued, PulledSettlementOutcome.AlreadyPosted], result.Reports.Select(r => r.Outcome));
        Assert.Contains("50001018201", result.Reports[1].Reason, StringComparison.Ordinal);
        Assert.Equal(Key("24419588750"), Assert.Single(Commands(h)).IdempotencyKey);
        Assert.Equal(Created(5), await WatermarkAsync(h));

        // Re-generated later, after the watermark: still the same settlement, still one command.
        h.Fake.SeedReport("50001018203", AmazonHarness.Start.AddHours(1), file);
        h.Clock.Advance(TimeSpan.FromHours(2));
        AmazonSettlementPullResult later = await RunAsync(h);
        Assert.Equal(PulledSettlementOutcome.AlreadyPosted, later.Reports.Single(r => r.ReportId == "50001018203").Outcome);
        Assert.Single(h.Queue.Messages);
    }

    [Fact]
    public async Task RunAsync_Rerun_ListsTheOverlapAgainButDownloadsAndEnqueuesNothing()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018301", Created(20), SettlementFile("24419588761"));
        h.Fake.SeedReport("50001018302", AmazonHarness.Start.AddHours(-6), SettlementFile("24419588762"));
        await RunAsync(h);
        int downloads = h.Fake.DownloadCalls;

        h.Clock.Advance(TimeSpan.FromHours(6));
        AmazonSettlementPullResult rerun = await RunAsync(h);

        // From the watermark minus the overlap: the newest report is listed again, and skipped by its id.
        Assert.Equal(AmazonHarness.Start.AddHours(-6) - AmazonSettlementPull.Overlap, rerun.From);
        PulledSettlement again = Assert.Single(rerun.Reports);
        Assert.Equal(PulledSettlementOutcome.AlreadyPulled, again.Outcome);
        Assert.Equal("24419588762", again.SettlementId);
        Assert.Equal(downloads, h.Fake.DownloadCalls);
        Assert.Equal(2, h.Queue.Messages.Count);
    }

    [Fact]
    public async Task RunAsync_DryRun_DownloadsAndReportsTheTotals_ButEnqueuesParksAndCommitsNothing()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018401", Created(4), SettlementFile("24419588771", rows: 12));
        h.Fake.SeedReport("50001018402", Created(2), Encoding.UTF8.GetBytes("not\ta\tsettlement\n"));

        AmazonSettlementPullResult dry = await RunAsync(h, dryRun: true);

        Assert.Equal([PulledSettlementOutcome.Enqueued, PulledSettlementOutcome.Parked], dry.Reports.Select(r => r.Outcome));
        Assert.Equal(12, dry.Reports[0].Lines);
        Assert.Equal("USD", dry.Reports[0].Currency);
        Assert.NotNull(dry.Reports[0].Total);
        Assert.Null(dry.Watermark);
        Assert.Empty(h.Queue.Messages);
        Assert.Null(await WatermarkAsync(h));
        Assert.Empty(await h.Services.GetRequiredService<IParkedRecordStore>().ListAsync(AmazonHarness.Connection).ToListAsync(CancellationToken.None));
        Assert.Null(await h.Services.GetRequiredService<IMappingStore>().GetAsync(AmazonHarness.Connection, "amazon", MappingKind.AmazonSettlementReport, "50001018401", CancellationToken.None));

        // The real run afterwards does everything the dry run said it would.
        AmazonSettlementPullResult real = await RunAsync(h);
        Assert.Equal([PulledSettlementOutcome.Enqueued, PulledSettlementOutcome.Parked], real.Reports.Select(r => r.Outcome));
        Assert.Single(h.Queue.Messages);
    }

    [Fact]
    public async Task RunAsync_DocumentsThatDoNotParseOrBalance_AreParkedWithTheirReportId_AndLaterReportsStillPosted()
    {
        await using AmazonHarness h = await StartAsync();
        string unbalanced = Encoding.UTF8.GetString(SettlementFile("24419588782"));
        string[] rows = unbalanced.Split('\n');
        string[] summary = rows[1].Split('\t');
        int total = Array.IndexOf(SettlementFiles.Columns, "total-amount");
        summary[total] = (decimal.Parse(summary[total], CultureInfo.InvariantCulture) + 0.01m).ToString("0.00", CultureInfo.InvariantCulture);
        rows[1] = string.Join('\t', summary);
        h.Fake.SeedReport("50001018501", Created(9), SettlementFile("24419588781"));
        h.Fake.SeedReport("50001018502", Created(8), Encoding.UTF8.GetBytes("<html>gateway error</html>"));
        h.Fake.SeedReport("50001018503", Created(7), Encoding.UTF8.GetBytes(string.Join('\n', rows)), gzip: false);
        h.Fake.SeedReport("50001018504", Created(6), SettlementFile("24419588784"));
        h.Fake.SeedReport("50001018505", Created(5), SettlementFile("24419588785"), gzip: true);
        h.Fake.BrokenGzipReports.Add("50001018505");

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal(
            [PulledSettlementOutcome.Enqueued, PulledSettlementOutcome.Parked, PulledSettlementOutcome.Parked, PulledSettlementOutcome.Enqueued, PulledSettlementOutcome.Parked],
            result.Reports.Select(r => r.Outcome));
        Assert.Equal([Key("24419588781"), Key("24419588784")], Commands(h).Select(c => c.IdempotencyKey));
        Assert.Equal(Created(5), await WatermarkAsync(h));
        var store = h.Services.GetRequiredService<IParkedRecordStore>();
        List<ParkedRecord> parked = await store.ListAsync(AmazonHarness.Connection).ToListAsync(CancellationToken.None);
        Assert.Equal(3, parked.Count);
        ParkedRecord unreadable = parked.Single(p => p.Reason.Contains("50001018505", StringComparison.Ordinal));
        Assert.Contains("not gzip data", unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains("Seller Central", unreadable.Reason, StringComparison.Ordinal);
        Assert.All(parked, p => Assert.Equal(AmazonSettlementPull.ParkedKind, p.Kind));
        ParkedRecord garbage = parked.Single(p => p.Reason.Contains("50001018502", StringComparison.Ordinal));
        ParkedRecord off = parked.Single(p => p.Reason.Contains("50001018503", StringComparison.Ordinal));
        Assert.Contains("0.01", off.Reason + off.Details, StringComparison.Ordinal);
        Assert.Equal("<html>gateway error</html>", (await store.GetAsync(AmazonHarness.Connection, garbage.Id, CancellationToken.None))!.Payload);
        Assert.Equal(string.Join('\n', rows), (await store.GetAsync(AmazonHarness.Connection, off.Id, CancellationToken.None))!.Payload);

        // A rerun does not park them again (an operator's discard stays a discard).
        h.Clock.Advance(TimeSpan.FromHours(1));
        await store.MarkDiscardedAsync(AmazonHarness.Connection, garbage.Id, CancellationToken.None);
        await RunAsync(h);
        Assert.Equal(ParkedStatus.Discarded, (await store.GetAsync(AmazonHarness.Connection, garbage.Id, CancellationToken.None))!.Status);
        Assert.Equal(1, (await store.GetAsync(AmazonHarness.Connection, off.Id, CancellationToken.None))!.Attempts);
        Assert.Equal(2, h.Queue.Messages.Count);
    }

    [Fact]
    public async Task RunAsync_QueueDown_StopsWithTheWatermarkBeforeThatReport_AndTheRerunPostsIt()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018601", Created(12), SettlementFile("24419588791"));
        await RunAsync(h);
        h.Fake.SeedReport("50001018602", Created(2), SettlementFile("24419588792"));
        h.Fake.SeedReport("50001018603", Created(1), SettlementFile("24419588793"));
        h.Queue.Fail = true;

        AmazonPullStoppedException stopped = await Assert.ThrowsAsync<AmazonPullStoppedException>(() => RunAsync(h));

        Assert.Contains("50001018602", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(Created(12), await WatermarkAsync(h));
        Assert.Null(await h.Services.GetRequiredService<IMappingStore>().GetAsync(AmazonHarness.Connection, "amazon", MappingKind.AmazonSettlementReport, "50001018602", CancellationToken.None));

        h.Queue.Fail = false;
        AmazonSettlementPullResult rerun = await RunAsync(h);
        Assert.Equal(2, rerun.Count(PulledSettlementOutcome.Enqueued));
        Assert.Equal([Key("24419588791"), Key("24419588792"), Key("24419588793")], Commands(h).Select(c => c.IdempotencyKey));
        Assert.Equal(Created(1), await WatermarkAsync(h));
    }

    [Fact]
    public async Task RunAsync_SettlementAlsoPostedByHand_SameCommandIdKeyAndPayload()
    {
        await using AmazonHarness h = await StartAsync();
        byte[] file = SettlementFile("24419588800");
        h.Fake.SeedReport("50001018701", Created(2), file);
        using var byHand = new IntakeFixture(configure: o => o.Connection = AmazonHarness.Connection);
        WriteCommand posted = IntakeAssert.AcceptedOne(await byHand.SendAsync(byHand.Amazon("settlements", file, "text/tab-separated-values")), byHand.Queue);

        await RunAsync(h);

        WriteCommand pulled = Assert.Single(Commands(h));
        Assert.Equal(Key("24419588800"), pulled.IdempotencyKey);
        Assert.Equal(posted.IdempotencyKey, pulled.IdempotencyKey);
        Assert.Equal(posted.CommandId, pulled.CommandId);
        Assert.Equal(WriteCommandSerializer.Serialize(posted with { ReceivedUtc = pulled.ReceivedUtc }), WriteCommandSerializer.Serialize(pulled));
    }

    [Fact]
    public async Task RunAsync_SettlementTheLedgerAlreadyHas_IsNotEnqueuedAgain()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001018801", Created(2), SettlementFile("24419588810"));
        var ledger = h.Services.GetRequiredService<IIdempotencyLedger>();
        await ledger.TryBeginAsync(AmazonHarness.Connection, Key("24419588810"), "by-hand", WriteCommandKind.Of<JournalEntryPost>().Name, CancellationToken.None);
        await ledger.MarkCommittedAsync(AmazonHarness.Connection, Key("24419588810"), "GL 1042", CancellationToken.None);

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal(PulledSettlementOutcome.AlreadyPosted, Assert.Single(result.Reports).Outcome);
        Assert.Empty(h.Queue.Messages);
    }

    [Fact]
    public async Task RunAsync_BacklogBeyondTheDocumentBurst_IsPacedNotFailed()
    {
        await using AmazonHarness h = await StartAsync(s => s["Amazon:Settlements:Lookback"] = "90.00:00:00");
        for (int i = 1; i <= SpApiFake.GetReportDocumentPlan.Burst + 3; i++)
        {
            h.Fake.SeedReport($"500010189{i:D2}", Created(89 - i), SettlementFile($"244195889{i:D2}", rows: 3, seed: i));
        }

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal(SpApiFake.GetReportDocumentPlan.Burst + 3, result.Count(PulledSettlementOutcome.Enqueued));
        Assert.True(h.Fake.ThrottledAnswers >= 1);
        Assert.True(h.Clock.Waited >= TimeSpan.FromSeconds(1 / SpApiFake.GetReportDocumentPlan.Rate));
    }

    [Fact]
    public async Task RunAsync_NotConfigured_DoesNothing()
    {
        await using AmazonHarness h = await StartAsync(s =>
        {
            foreach (string key in s.Keys.Where(k => k.StartsWith("Amazon:", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.False(result.Configured);
        Assert.Equal(0, h.Fake.ReportsCalls);
    }

    [Fact]
    public async Task RunAsync_PresignedUrlLapsed_AsksForAFreshOneOnce_TwiceFailsWithNothingCommitted()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001019001", Created(2), SettlementFile("24419589001"));
        h.Fake.LapseNextDownloads = 1;

        AmazonSettlementPullResult result = await RunAsync(h);

        Assert.Equal(PulledSettlementOutcome.Enqueued, Assert.Single(result.Reports).Outcome);
        Assert.Equal(2, h.Fake.DocumentCalls);
        Assert.Equal(2, h.Fake.DownloadCalls);

        h.Fake.SeedReport("50001019002", Created(1), SettlementFile("24419589002"));
        h.Fake.LapseNextDownloads = 2;
        SpApiException failed = await Assert.ThrowsAsync<SpApiException>(() => RunAsync(h));
        Assert.Contains(SpApiFake.DocumentIdOf("50001019002"), failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("presigned/", failed.Message, StringComparison.Ordinal);
        Assert.Equal(Created(2), await WatermarkAsync(h));
        Assert.Single(h.Queue.Messages);
    }

    [Fact]
    public async Task HandBackAsync_ReportsWhoseCommandsWereLost_AreHandedOverAgainByTheNextPull()
    {
        await using AmazonHarness h = await StartAsync();
        h.Fake.SeedReport("50001019101", Created(10), SettlementFile("24419589101"));
        h.Fake.SeedReport("50001019102", Created(3), SettlementFile("24419589102"));
        AmazonSettlementPullResult first = await RunAsync(h);
        var pull = h.Services.GetRequiredService<AmazonSettlementPull>();

        Assert.True(await pull.HandBackAsync([first.Reports[1]], CancellationToken.None));

        Assert.Equal(Created(3).AddMilliseconds(-1), await WatermarkAsync(h));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        AmazonSettlementPullResult again = await RunAsync(h);
        PulledSettlement handedOver = Assert.Single(again.Reports);
        Assert.Equal(("50001019102", PulledSettlementOutcome.Enqueued), (handedOver.ReportId, handedOver.Outcome));
        List<WriteCommand> commands = Commands(h);
        Assert.Equal(3, commands.Count);
        Assert.Equal(commands[1].CommandId, commands[2].CommandId);
    }
}
