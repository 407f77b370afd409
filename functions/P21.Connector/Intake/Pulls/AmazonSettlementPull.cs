using System.Globalization;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Settlements;
using P21.Connector.Storage;

namespace P21.Connector.Intake.Pulls;

/// <summary>
/// Pulls Amazon's settlement reports into the settlement write path: <c>getReports</c> for
/// <c>GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2</c> (Amazon generates them at the end of each settlement period; they
/// cannot be requested) created since the watermark (minus <see cref="Overlap"/>) or <c>Amazon:Settlements:Lookback</c>;
/// then, oldest first, <c>getReportDocument</c>, the download, and the same parse (<see cref="SettlementIntake"/>) and
/// command (<see cref="OrderIntake.SubmitAsync"/>) as a settlement posted by hand to <c>POST /api/settlements/amazon</c>.
/// The idempotency key is therefore <c>amazon:JournalEntry.Post:{settlement id}</c> either way, and a settlement is
/// posted once however it arrives.
/// </summary>
/// <remarks>
/// Dedupe is by report id (a mapping set after the enqueue, so an overlap or a rerun costs no download) and by
/// settlement id (Amazon may generate a settlement's report again under a new report id; the second is not enqueued,
/// nor one the ledger already has). The watermark is the <c>createdTime</c> of the last report handled, committed after
/// each under the lease; a queue failure stops the run before the report it could not hand over. A document that does
/// not parse or balance is parked (kind <see cref="ParkedKind"/>) with the file as its payload, so it is neither lost
/// nor in the way of the reports after it.
/// </remarks>
public sealed partial class AmazonSettlementPull
{
    /// <summary>The watermark's entity name (per the intake connection).</summary>
    public const string WatermarkEntity = "amazon-settlements";

    /// <summary>The intake source the pulled settlements are written as, the same as a hand-posted Amazon settlement's.</summary>
    public const string Source = "amazon";

    /// <summary>The parked record kind of a settlement report whose document does not parse or balance.</summary>
    public const string ParkedKind = "amazon-settlement-report";

    /// <summary>
    /// How far before the watermark each pull lists again. Amazon sets <c>createdTime</c> when it starts a report and
    /// lists it once it is DONE, so a slow report can appear behind a later one already handled; a listed report seen
    /// before costs a mapping read, not a download.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromDays(1);

    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    private const string ParkedPrefix = "parked:";

    private readonly SpApiClient _amazon;
    private readonly OrderIntake _intake;
    private readonly IWatermarkStore _watermarks;
    private readonly IMappingStore _mappings;
    private readonly IIdempotencyLedger _ledger;
    private readonly IParkedRecordStore _parked;
    private readonly IOptionsMonitor<AmazonOptions> _options;
    private readonly IntakeOptions _intakeOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<AmazonSettlementPull> _logger;

    internal AmazonSettlementPull(
        SpApiClient amazon,
        OrderIntake intake,
        IWatermarkStore watermarks,
        IMappingStore mappings,
        IIdempotencyLedger ledger,
        IParkedRecordStore parked,
        IOptionsMonitor<AmazonOptions> options,
        IOptions<IntakeOptions> intakeOptions,
        TimeProvider time,
        ILogger<AmazonSettlementPull> logger)
    {
        _amazon = amazon;
        _intake = intake;
        _watermarks = watermarks;
        _mappings = mappings;
        _ledger = ledger;
        _parked = parked;
        _options = options;
        _intakeOptions = intakeOptions.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one pull.</summary>
    /// <exception cref="AmazonAuthException">Login with Amazon refused the credentials (the message names the setting to fix).</exception>
    /// <exception cref="SpApiException">Amazon refused a call, or kept failing; what was done before it is committed.</exception>
    /// <exception cref="AmazonPullStoppedException">The write queue could not take a settlement; the watermark stays before its report.</exception>
    public async Task<AmazonSettlementPullResult> RunAsync(AmazonSettlementPullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AmazonOptions options = _options.CurrentValue;
        if (!options.IsConfigured)
        {
            LogNotConfigured(_logger);
            return AmazonSettlementPullResult.NotConfigured;
        }

        string connection = _intakeOptions.Connection;
        if (request.DryRun)
        {
            Watermark? current = await _watermarks.GetAsync(connection, WatermarkEntity, cancellationToken).ConfigureAwait(false);
            return await PullAsync(true, connection, Start(options, current), null, cancellationToken).ConfigureAwait(false);
        }

        WatermarkLease? lease = await _watermarks.TryAcquireLeaseAsync(connection, WatermarkEntity, LeaseOwner.ForThisProcess(), LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LeaseHolder? holder = await _watermarks.GetHolderAsync(connection, WatermarkEntity, cancellationToken).ConfigureAwait(false);
            string who = holder?.Describe() ?? "another pull";
            LogBusy(_logger, who);
            return new AmazonSettlementPullResult(true, who, null, null, []);
        }

        var heartbeat = new LeaseHeartbeat(_watermarks, lease, _time);
        await using (heartbeat.ConfigureAwait(false))
        {
            try
            {
                return await PullAsync(false, connection, Start(options, lease.Watermark), heartbeat, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _watermarks.ReleaseAsync(heartbeat.Lease, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Undoes the hand-over of <paramref name="reports"/> whose commands never reached a writer (the CLI writes from an
    /// in-process queue that dies with it): their mappings go and the watermark moves back before the oldest, so the
    /// next pull hands them over again, under the same keys. False when another pull holds the lease (nothing changed).
    /// </summary>
    public async Task<bool> HandBackAsync(IReadOnlyCollection<PulledSettlement> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            return true;
        }

        string connection = _intakeOptions.Connection;
        WatermarkLease? lease = await _watermarks.TryAcquireLeaseAsync(connection, WatermarkEntity, LeaseOwner.ForThisProcess(), LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }

        try
        {
            foreach (PulledSettlement report in reports)
            {
                await _mappings.DeleteAsync(connection, Source, MappingKind.AmazonSettlementReport, report.ReportId, cancellationToken).ConfigureAwait(false);
                if (report.SettlementId is { } settlementId
                    && await _mappings.GetAsync(connection, Source, MappingKind.AmazonSettlement, settlementId, cancellationToken).ConfigureAwait(false) == report.ReportId)
                {
                    await _mappings.DeleteAsync(connection, Source, MappingKind.AmazonSettlement, settlementId, cancellationToken).ConfigureAwait(false);
                }
            }

            DateTimeOffset before = reports.Min(r => r.CreatedTime) - TimeSpan.FromMilliseconds(1);
            if (ReadPosition(lease.Watermark.Position) is not { } current || current > before)
            {
                lease = await _watermarks.CommitAsync(lease, Position(before), 0, cancellationToken).ConfigureAwait(false);
            }

            LogHandedBack(_logger, reports.Count, Position(before));
            return true;
        }
        finally
        {
            await _watermarks.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private DateTimeOffset Start(AmazonOptions options, Watermark? watermark)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset from = ReadPosition(watermark?.Position) is { } position ? position - Overlap : now - options.Settlements.Lookback;

        // Amazon lists nothing older than 90 days; a watermark older than that (a long outage) starts at the limit.
        DateTimeOffset oldest = now - AmazonSettlementsOptions.MaxLookback;
        return from < oldest ? oldest : from;
    }

    private async Task<AmazonSettlementPullResult> PullAsync(
        bool dryRun, string connection, DateTimeOffset from, LeaseHeartbeat? heartbeat, CancellationToken cancellationToken)
    {
        var listed = new List<AmazonReport>();
        await foreach (AmazonReport report in _amazon.GetReportsAsync(AmazonReport.SettlementV2FlatFile, from, cancellationToken).ConfigureAwait(false))
        {
            // The filters are Amazon's; checked again so a report that is not a finished settlement is never read as one.
            if (report.ReportType == AmazonReport.SettlementV2FlatFile && report.ProcessingStatus == AmazonReport.Done && !string.IsNullOrEmpty(report.ReportDocumentId))
            {
                listed.Add(report);
            }
        }

        // Oldest first, so the watermark can follow: every report before it is handled.
        listed.Sort((a, b) => a.CreatedTime != b.CreatedTime ? a.CreatedTime.CompareTo(b.CreatedTime) : string.CompareOrdinal(a.ReportId, b.ReportId));
        var results = new List<PulledSettlement>(listed.Count);
        DateTimeOffset? committed = null;
        foreach (AmazonReport report in listed)
        {
            PulledSettlement pulled = await HandleAsync(report, dryRun, connection, cancellationToken).ConfigureAwait(false);
            results.Add(pulled);
            LogReport(_logger, report.ReportId, pulled.SettlementId ?? "", pulled.Outcome);
            if (heartbeat is not null)
            {
                await heartbeat.CommitAsync(Position(report.CreatedTime), pulled.Outcome == PulledSettlementOutcome.Enqueued ? 1 : 0, cancellationToken).ConfigureAwait(false);
                committed = report.CreatedTime;
            }
        }

        LogPulled(_logger, listed.Count, results.Count(r => r.Outcome == PulledSettlementOutcome.Enqueued), results.Count(r => r.Outcome == PulledSettlementOutcome.Parked), dryRun);
        return new AmazonSettlementPullResult(true, null, from, committed, results);
    }

    private async Task<PulledSettlement> HandleAsync(AmazonReport report, bool dryRun, string connection, CancellationToken cancellationToken)
    {
        string reportId = report.ReportId;
        string? handled = await _mappings.GetAsync(connection, Source, MappingKind.AmazonSettlementReport, reportId, cancellationToken).ConfigureAwait(false);
        if (handled is not null)
        {
            return handled.StartsWith(ParkedPrefix, StringComparison.Ordinal)
                ? new PulledSettlement(reportId, report.CreatedTime, null, PulledSettlementOutcome.AlreadyPulled, Reason: $"parked as record {handled[ParkedPrefix.Length..]}")
                : new PulledSettlement(reportId, report.CreatedTime, handled, PulledSettlementOutcome.AlreadyPulled);
        }

        byte[] document;
        try
        {
            document = await _amazon.DownloadReportDocumentAsync(report.ReportDocumentId!, cancellationToken).ConfigureAwait(false);
        }
        catch (SpApiException e) when (e.Code == SpApiClient.InvalidDocument)
        {
            // No retry mends it, and stopping here would hold every later report back: parked like a file that does not parse.
            return await ParkAsync(report, [], e.Message, new Dictionary<string, string[]>(), dryRun, connection, cancellationToken).ConfigureAwait(false);
        }

        ParseOutcome parsed = SettlementIntake.Parse(
            new IntakeRequest(Source, IntakeKinds.Name(IntakeKind.Settlements), "text/tab-separated-values", new Dictionary<string, string>(), document),
            _intakeOptions.MaxJsonDepth);
        if (parsed.Rejection is { } rejection)
        {
            return await ParkAsync(report, document, rejection.Problem.Detail ?? "the settlement is not valid", rejection.Problem.Errors, dryRun, connection, cancellationToken).ConfigureAwait(false);
        }

        var entry = (JournalEntryPost)parsed.Payload!;
        string settlementId = parsed.ExternalId!;
        PulledSettlement Outcome(PulledSettlementOutcome outcome, string? reason = null) =>
            new(reportId, report.CreatedTime, settlementId, outcome, entry.Currency, entry.Total, entry.Lines.Count, reason);

        if (await AlreadyPostedAsync(connection, settlementId, reportId, cancellationToken).ConfigureAwait(false) is { } posted)
        {
            if (!dryRun)
            {
                await _mappings.SetAsync(connection, Source, MappingKind.AmazonSettlementReport, reportId, settlementId, cancellationToken).ConfigureAwait(false);
            }

            return Outcome(PulledSettlementOutcome.AlreadyPosted, posted);
        }

        if (dryRun)
        {
            return Outcome(PulledSettlementOutcome.Enqueued);
        }

        IntakeResult result = await _intake.SubmitAsync(Source, settlementId, entry, cancellationToken).ConfigureAwait(false);
        PulledSettlement pulled = result switch
        {
            IntakeResult.Accepted => Outcome(PulledSettlementOutcome.Enqueued),
            IntakeResult.Acknowledged ack => Outcome(PulledSettlementOutcome.NotWritten, ack.Reason),

            // The queue is down: stop here, so the watermark stays before this report and the next pull hands it over.
            IntakeResult.Rejected rejected => throw new AmazonPullStoppedException($"Amazon settlement {settlementId} (report {reportId}) could not be enqueued: {rejected.Problem.Detail}"),
            _ => throw new InvalidOperationException($"Unexpected intake result {result.GetType().Name}."),
        };

        // Written only once the write path has the settlement: a run killed before these lines hands it over again,
        // under the same key. The settlement's mapping first, so a re-generated report finds it even then.
        await _mappings.SetAsync(connection, Source, MappingKind.AmazonSettlement, settlementId, reportId, cancellationToken).ConfigureAwait(false);
        await _mappings.SetAsync(connection, Source, MappingKind.AmazonSettlementReport, reportId, settlementId, cancellationToken).ConfigureAwait(false);
        return pulled;
    }

    /// <summary>Why the settlement is not handed over again (another report had it, or the ledger has it), or null.</summary>
    private async Task<string?> AlreadyPostedAsync(string connection, string settlementId, string reportId, CancellationToken cancellationToken)
    {
        string? from = await _mappings.GetAsync(connection, Source, MappingKind.AmazonSettlement, settlementId, cancellationToken).ConfigureAwait(false);
        if (from is not null && from != reportId)
        {
            return $"settlement {settlementId} was handed over from report {from}";
        }

        string key = IdempotencyKey.For(Source, WriteCommandKind.Of<JournalEntryPost>(), settlementId);
        LedgerEntry? entry = await _ledger.GetAsync(connection, key, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : $"settlement {settlementId} is already in the write ledger ({entry.State}), e.g. posted by hand";
    }

    private async Task<PulledSettlement> ParkAsync(
        AmazonReport report, byte[] document, string detail, IReadOnlyDictionary<string, string[]> errors, bool dryRun, string connection, CancellationToken cancellationToken)
    {
        string reportId = report.ReportId;
        string fields = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        LogUnreadable(_logger, reportId, detail);
        if (dryRun)
        {
            return new PulledSettlement(reportId, report.CreatedTime, null, PulledSettlementOutcome.Parked, Reason: $"would be parked: {detail}");
        }

        // Keyed by the report, not the settlement: an unreadable file may not even say which settlement it is.
        string key = $"{Source}:settlement-report:{reportId.Trim().ToLowerInvariant()}";
        string id = ParkedRecord.IdFor(key);
        string reason = $"Amazon settlement report {reportId} (created {Position(report.CreatedTime)}) does not parse or balance: {detail}. "
            + (document.Length > 0
                ? $"Its file is this record's payload (p21 parked show {id}): fix it and post it with p21 settlements submit --source amazon, "
                : "The file could not be read: download the settlement from Seller Central (Payments, All statements) and post it with p21 settlements submit --source amazon, ")
            + "which posts it once under its settlement id, then discard this record.";
        await _parked.ParkAsync(connection, new ParkRequest(ParkedKind, Source, key, reason, fields.Length > 0 ? fields : null, DocumentText(document)), cancellationToken).ConfigureAwait(false);
        await _mappings.SetAsync(connection, Source, MappingKind.AmazonSettlementReport, reportId, ParkedPrefix + id, cancellationToken).ConfigureAwait(false);
        return new PulledSettlement(reportId, report.CreatedTime, null, PulledSettlementOutcome.Parked, Reason: $"{detail} (parked record {id})");
    }

    // The V2 flat file is UTF-8 text; an invalid byte becomes U+FFFD rather than failing the park.
    private static string DocumentText(byte[] document) => new System.Text.UTF8Encoding(false, false).GetString(document);

    private static string Position(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ReadPosition(string? position) =>
        DateTimeOffset.TryParse(position, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time) ? time : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon settlement pull skipped: no Amazon setting is present")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amazon settlement pull skipped: {Holder} holds the lease")]
    private static partial void LogBusy(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon settlement report {ReportId} (settlement {SettlementId}): {Outcome}")]
    private static partial void LogReport(ILogger logger, string reportId, string settlementId, PulledSettlementOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Amazon settlement report {ReportId} does not parse or balance and is parked: {Detail}")]
    private static partial void LogUnreadable(ILogger logger, string reportId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amazon settlement pull: {Count} report(s) handed back (not written); the watermark is at {Position}")]
    private static partial void LogHandedBack(ILogger logger, int count, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amazon settlement pull: {Listed} listed, {Enqueued} enqueued, {Parked} parked, dry run: {DryRun}")]
    private static partial void LogPulled(ILogger logger, int listed, int enqueued, int parked, bool dryRun);
}
