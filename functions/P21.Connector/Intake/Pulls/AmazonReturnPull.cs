using System.Globalization;
using System.Net;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Returns;
using P21.Connector.Storage;

namespace P21.Connector.Intake.Pulls;

/// <summary>
/// Pulls Amazon's FBA customer returns into the RMA write, so P21's stock at the FBA location and the customer's credit
/// follow what came back to Amazon. The report (<c>GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA</c>) has to be requested
/// and takes minutes to build, so one run does one step and keeps the report id in the watermark: request the range
/// from the watermark (less <see cref="Overlap"/>) to now; on a later run, read it (<c>getReport</c>) and, once DONE,
/// download it and hand each row to the write path as <c>Return.Create</c> against the original Amazon order, booked at
/// <c>Writer:MarketplaceLocationId</c>. The watermark moves past the range only after every row is handed over.
/// </summary>
/// <remarks>
/// Each row's idempotency key is <c>amazon:Return.Create:{order}-{license plate}</c> (<see cref="FbaReturnRow.ReturnId"/>),
/// so the overlap, a rerun after a crash before the commit, and a report read twice write each return once: the pull
/// skips what the ledger has, and the writer refuses a second claim of the same key. Only a P21 that took the FBA orders
/// (<c>Intake:Eligibility:MarketplaceFulfilled</c> = <c>WriteToLocation</c>) takes their returns; with <c>Skip</c> the
/// pull requests nothing. A file that does not read is parked whole (kind <see cref="ParkedFileKind"/>), a row that does
/// not read alone (kind <see cref="ParkedRowKind"/>), and neither holds the later returns back.
/// </remarks>
public sealed partial class AmazonReturnPull
{
    /// <summary>The watermark's entity name (per the intake connection).</summary>
    public const string WatermarkEntity = "amazon-returns";

    /// <summary>The intake source the returns are written as, the same as the pulled orders'.</summary>
    public const string Source = "amazon";

    /// <summary>The parked record kind of a returns report that does not read at all.</summary>
    public const string ParkedFileKind = "amazon-returns-report";

    /// <summary>The parked record kind of one row of a returns report that does not read.</summary>
    public const string ParkedRowKind = "amazon-return-row";

    /// <summary>How far before the watermark each request reaches: Amazon may list a return a while after its return-date.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromDays(2);

    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    private readonly SpApiClient _amazon;
    private readonly OrderIntake _intake;
    private readonly IWatermarkStore _watermarks;
    private readonly IIdempotencyLedger _ledger;
    private readonly IParkedRecordStore _parked;
    private readonly IOptionsMonitor<AmazonOptions> _options;
    private readonly IntakeOptions _intakeOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<AmazonReturnPull> _logger;

    internal AmazonReturnPull(
        SpApiClient amazon,
        OrderIntake intake,
        IWatermarkStore watermarks,
        IIdempotencyLedger ledger,
        IParkedRecordStore parked,
        IOptionsMonitor<AmazonOptions> options,
        IOptions<IntakeOptions> intakeOptions,
        TimeProvider time,
        ILogger<AmazonReturnPull> logger)
    {
        _amazon = amazon;
        _intake = intake;
        _watermarks = watermarks;
        _ledger = ledger;
        _parked = parked;
        _options = options;
        _intakeOptions = intakeOptions.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one step of the pull.</summary>
    /// <exception cref="AmazonAuthException">Login with Amazon refused the credentials (the message names the setting to fix).</exception>
    /// <exception cref="SpApiException">Amazon refused a call, or kept failing; the watermark stays where it was.</exception>
    /// <exception cref="AmazonPullStoppedException">The write queue could not take a return; the report is read again next run.</exception>
    public async Task<AmazonReturnPullResult> RunAsync(CancellationToken cancellationToken)
    {
        AmazonOptions options = _options.CurrentValue;
        if (!options.IsConfigured)
        {
            LogNotConfigured(_logger);
            return new AmazonReturnPullResult(AmazonReturnPullStep.NotConfigured);
        }

        if (_intakeOptions.EligibilityFor(Source).MarketplaceFulfilled == MarketplaceFulfilledPolicy.Skip)
        {
            LogSkipped(_logger);
            return new AmazonReturnPullResult(AmazonReturnPullStep.SkippedByPolicy, Detail: "Intake:Eligibility:MarketplaceFulfilled is Skip: FBA orders are not written to P21, so their returns are not either");
        }

        string connection = _intakeOptions.Connection;
        WatermarkLease? lease = await _watermarks.TryAcquireLeaseAsync(connection, WatermarkEntity, LeaseOwner.ForThisProcess(), LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LeaseHolder? holder = await _watermarks.GetHolderAsync(connection, WatermarkEntity, cancellationToken).ConfigureAwait(false);
            return new AmazonReturnPullResult(AmazonReturnPullStep.Busy, Detail: holder?.Describe() ?? "another pull");
        }

        var heartbeat = new LeaseHeartbeat(_watermarks, lease, _time);
        await using (heartbeat.ConfigureAwait(false))
        {
            try
            {
                ReturnsPosition position = ReturnsPosition.Read(lease.Watermark.Position);
                AmazonReturnPullResult result = position.ReportId is null
                    ? await RequestAsync(options, position, heartbeat, cancellationToken).ConfigureAwait(false)
                    : await ReadAsync(connection, position, heartbeat, cancellationToken).ConfigureAwait(false);
                LogStep(_logger, result.Step, result.ReportId ?? "", result.Enqueued, result.AlreadyHandled, result.Parked);
                return result;
            }
            finally
            {
                await _watermarks.ReleaseAsync(heartbeat.Lease, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Undoes a <see cref="AmazonReturnPullStep.Pulled"/> run whose commands never reached a writer (the CLI writes from an
    /// in-process queue that dies with it): the watermark goes back to "report requested, not read", so the next run reads
    /// the same report and enqueues its returns again, under the same keys. False when another pull holds the lease, or
    /// a later run has moved the watermark on (nothing changed).
    /// </summary>
    public async Task<bool> HandBackAsync(AmazonReturnPullResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is not { Step: AmazonReturnPullStep.Pulled, ReportId: { } reportId, Through: { } to })
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
            if (ReturnsPosition.Read(lease.Watermark.Position) != new ReturnsPosition(to, null, null))
            {
                return false;
            }

            lease = await _watermarks.CommitAsync(lease, new ReturnsPosition(result.Before, reportId, to).ToString(), 0, cancellationToken).ConfigureAwait(false);
            LogHandedBack(_logger, reportId);
            return true;
        }
        finally
        {
            await _watermarks.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<AmazonReturnPullResult> RequestAsync(AmazonOptions options, ReturnsPosition position, LeaseHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset from = position.Through is { } through ? through - Overlap : now - options.Returns.Lookback;
        if (from < now - AmazonReturnsOptions.MaxRange)
        {
            from = now - AmazonReturnsOptions.MaxRange;
        }

        string reportId = await _amazon.CreateReportAsync(AmazonReport.FbaCustomerReturns, from, now, cancellationToken).ConfigureAwait(false);
        await heartbeat.CommitAsync((position with { ReportId = reportId, To = now }).ToString(), 0, cancellationToken).ConfigureAwait(false);
        return new AmazonReturnPullResult(AmazonReturnPullStep.Requested, reportId, position.Through);
    }

    private async Task<AmazonReturnPullResult> ReadAsync(string connection, ReturnsPosition position, LeaseHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        string reportId = position.ReportId!;
        AmazonReport report;
        try
        {
            report = await _amazon.GetReportAsync(reportId, cancellationToken).ConfigureAwait(false);
        }
        catch (SpApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return await FailedAsync(position, heartbeat, $"Amazon no longer has report {reportId}", cancellationToken).ConfigureAwait(false);
        }

        switch (report.ProcessingStatus)
        {
            case AmazonReport.Done when !string.IsNullOrEmpty(report.ReportDocumentId):
                break;
            case AmazonReport.Cancelled:
                await heartbeat.CommitAsync(Past(position).ToString(), 0, cancellationToken).ConfigureAwait(false);
                return new AmazonReturnPullResult(AmazonReturnPullStep.NoReturns, reportId, position.To);
            case AmazonReport.Fatal or AmazonReport.Done:
                return await FailedAsync(position, heartbeat, $"Amazon could not build report {reportId} ({report.ProcessingStatus})", cancellationToken).ConfigureAwait(false);
            default:
                return new AmazonReturnPullResult(AmazonReturnPullStep.Waiting, reportId, position.Through, Detail: report.ProcessingStatus);
        }

        byte[] document;
        try
        {
            document = await _amazon.DownloadReportDocumentAsync(report.ReportDocumentId!, cancellationToken).ConfigureAwait(false);
        }
        catch (SpApiException e) when (e.Code == SpApiClient.InvalidDocument)
        {
            return await ParkFileAsync(connection, position, heartbeat, [], e.Message, cancellationToken).ConfigureAwait(false);
        }

        (IReadOnlyList<FbaReturnRow> rows, IReadOnlyList<FbaReturnProblem> problems) = FbaReturnsReport.Parse(document, out string? failure);
        if (failure is not null)
        {
            return await ParkFileAsync(connection, position, heartbeat, document, failure, cancellationToken).ConfigureAwait(false);
        }

        int enqueued = 0, handled = 0;
        foreach (FbaReturnRow row in rows)
        {
            string key = IdempotencyKey.For(Source, WriteCommandKind.Of<ReturnCreate>(), row.ReturnId);
            if (await _ledger.GetAsync(connection, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                handled++;
                continue;
            }

            IntakeResult result = await _intake.SubmitAsync(Source, row.ReturnId, ToReturn(row), cancellationToken).ConfigureAwait(false);
            if (result is IntakeResult.Rejected rejected)
            {
                // The queue is down: nothing is committed, so the next run reads this report again (what was enqueued is keyed).
                throw new AmazonPullStoppedException($"Amazon FBA return {row.ReturnId} (report {reportId}) could not be enqueued: {rejected.Problem.Detail}");
            }

            enqueued++;
        }

        string header = document.Length > 0 ? new System.Text.UTF8Encoding(false, false).GetString(document).Split('\n')[0].TrimEnd('\r') : "";
        foreach (FbaReturnProblem problem in problems)
        {
            // Keyed by the row's content, so the same bad row read again (the overlap, the next report) is one record.
            string rowKey = $"{Source}:fba-return-row:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(problem.Text)))[..24].ToLowerInvariant()}";
            string reason = $"Row {problem.Line} of Amazon FBA customer returns report {reportId} does not read: {problem.Problem}. Its row is this record's payload: enter the return in P21 as an RMA "
                + "against the Amazon order (or fix the row and post it as a return), then discard this record.";
            await _parked.ParkAsync(connection, new ParkRequest(ParkedRowKind, Source, rowKey, reason, problem.Problem, header + "\n" + problem.Text), cancellationToken).ConfigureAwait(false);
        }

        await heartbeat.CommitAsync(Past(position).ToString(), enqueued, cancellationToken).ConfigureAwait(false);
        return new AmazonReturnPullResult(AmazonReturnPullStep.Pulled, reportId, position.To, enqueued, handled, problems.Count, Before: position.Through);
    }

    private static ReturnCreate ToReturn(FbaReturnRow row)
    {
        string why = string.Join(", ", new[] { row.Reason, row.Disposition }.Where(v => v is not null));
        return new ReturnCreate(
            row.ReturnId,
            row.OrderId,
            [new ReturnLine(row.Sku, row.Quantity, null, why.Length > 0 ? why : null)],
            $"Amazon FBA customer return {row.LicensePlate ?? row.ReturnId} on {row.ReturnDate.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" + (row.Disposition is { } d ? $", {d}" : ""),
            FulfilledByMarketplace: true);
    }

    private async Task<AmazonReturnPullResult> FailedAsync(ReturnsPosition position, LeaseHeartbeat heartbeat, string detail, CancellationToken cancellationToken)
    {
        LogFailed(_logger, detail);
        await heartbeat.CommitAsync((position with { ReportId = null, To = null }).ToString(), 0, cancellationToken).ConfigureAwait(false);
        return new AmazonReturnPullResult(AmazonReturnPullStep.Failed, position.ReportId, position.Through, Detail: detail + "; the next run requests the range again");
    }

    private async Task<AmazonReturnPullResult> ParkFileAsync(
        string connection, ReturnsPosition position, LeaseHeartbeat heartbeat, byte[] document, string detail, CancellationToken cancellationToken)
    {
        string reportId = position.ReportId!;
        string key = $"{Source}:fba-returns-report:{reportId}";
        string id = ParkedRecord.IdFor(key);
        string reason = $"Amazon FBA customer returns report {reportId} does not read: {detail}. "
            + "Download the FBA customer returns report for the same dates from Seller Central (Reports, Fulfillment, Customer returns), enter the returns in P21 as RMAs, then discard this record.";
        await _parked.ParkAsync(connection, new ParkRequest(ParkedFileKind, Source, key, reason, null, new System.Text.UTF8Encoding(false, false).GetString(document)), cancellationToken).ConfigureAwait(false);
        await heartbeat.CommitAsync(Past(position).ToString(), 0, cancellationToken).ConfigureAwait(false);
        return new AmazonReturnPullResult(AmazonReturnPullStep.Pulled, reportId, position.To, Parked: 1, Detail: $"{detail} (parked record {id})", Before: position.Through);
    }

    private static ReturnsPosition Past(ReturnsPosition position) => new(position.To, null, null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon returns pull skipped: no Amazon setting is present")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon returns pull skipped: Intake:Eligibility:MarketplaceFulfilled is Skip")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amazon returns pull: report {ReportId} handed back (its returns were not written); the next run reads it again")]
    private static partial void LogHandedBack(ILogger logger, string reportId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Amazon returns pull: {Detail}; the next run requests the range again")]
    private static partial void LogFailed(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amazon returns pull: {Step} (report {ReportId}), {Enqueued} enqueued, {AlreadyHandled} already handled, {Parked} parked")]
    private static partial void LogStep(ILogger logger, AmazonReturnPullStep step, string reportId, int enqueued, int alreadyHandled, int parked);

    /// <summary>
    /// The watermark: returns dated before <see cref="Through"/> are handled; <see cref="ReportId"/> is the report requested
    /// for the range up to <see cref="To"/>, not read yet. Kept in one position so the lease commit moves both at once.
    /// </summary>
    private readonly record struct ReturnsPosition(DateTimeOffset? Through, string? ReportId, DateTimeOffset? To)
    {
        public static ReturnsPosition Read(string? text)
        {
            DateTimeOffset? through = null, to = null;
            string? report = null;
            foreach (string part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] pair = part.Split('=', 2);
                string value = pair.Length == 2 ? pair[1] : "";
                switch (pair[0])
                {
                    case "through":
                        through = Time(value);
                        break;
                    case "report":
                        report = value.Length > 0 ? value : null;
                        break;
                    case "to":
                        to = Time(value);
                        break;
                }
            }

            // A report without its range end cannot be finished; start that range again.
            return report is not null && to is null ? new ReturnsPosition(through, null, null) : new ReturnsPosition(through, report, to);
        }

        public override string ToString() =>
            string.Join(';', new[] { Part("through", Through), ReportId is null ? null : $"report={ReportId}", Part("to", To) }.Where(p => p is not null));

        private static string? Part(string name, DateTimeOffset? time) =>
            time is { } t ? $"{name}={t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}" : null;

        private static DateTimeOffset? Time(string value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time) ? time : null;
    }
}
