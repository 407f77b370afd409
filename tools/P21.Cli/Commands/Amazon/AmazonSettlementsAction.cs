using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

using Spectre.Console;

namespace P21.Cli.Commands.Amazon;

/// <summary>Result of <c>p21 amazon settlements pull --json</c>.</summary>
/// <param name="DryRun">Nothing was enqueued, written or committed.</param>
/// <param name="From">The <c>createdSince</c> the reports were listed from.</param>
/// <param name="Watermark">The position committed (null in a dry run, or when no report was handled).</param>
/// <param name="Reports">Every report listed, oldest first.</param>
internal sealed record AmazonSettlementsReport(bool DryRun, DateTimeOffset? From, DateTimeOffset? Watermark, IReadOnlyList<AmazonSettlementLine> Reports);

/// <summary>One report of the pull and, when it was written in this run, the writer's outcome.</summary>
/// <param name="ReportId">Amazon's report id.</param>
/// <param name="CreatedTime">When Amazon generated it.</param>
/// <param name="SettlementId">The settlement in it, when read.</param>
/// <param name="Outcome">What the pull did with it (<see cref="PulledSettlementOutcome"/>).</param>
/// <param name="Currency">The settlement's currency.</param>
/// <param name="Total">The journal total (the deposit).</param>
/// <param name="Lines">The journal's amount rows.</param>
/// <param name="Written">The writer's outcome in this run: committed, duplicate or parked (null when not written here).</param>
/// <param name="P21Key">The GL transaction, when committed.</param>
/// <param name="Reason">Why it was not enqueued, parked, or not written.</param>
internal sealed record AmazonSettlementLine(
    string ReportId,
    DateTimeOffset CreatedTime,
    string? SettlementId,
    PulledSettlementOutcome Outcome,
    string? Currency,
    decimal? Total,
    int? Lines,
    string? Written,
    string? P21Key,
    string? Reason);

/// <summary>
/// Runs <see cref="AmazonSettlementPull"/> once. The CLI has no Service Bus: a real pull's commands land in the
/// in-process queue and are written here, through the same writer; should that fail, the pull hands the unwritten
/// reports back (mappings and watermark), so the next pull enqueues them again rather than having them lost with the process.
/// </summary>
internal sealed class AmazonSettlementsAction(ParseResult parseResult, AmazonSettlementsPullCommandDefinition definition, CliSession session)
{
    private readonly bool _dryRun = parseResult.GetValue(definition.DryRun);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!_dryRun)
        {
            session.Settings.RequireSharedLedger();
            session.Client();
        }

        var pull = session.Get<AmazonSettlementPull>();
        AmazonSettlementPullResult result = await pull.RunAsync(new AmazonSettlementPullRequest(_dryRun), cancellationToken);
        if (!result.Configured)
        {
            session.Output.Error("no Amazon setting is present: set Amazon:ClientId, Amazon:ClientSecretName, Amazon:RefreshTokenName, Amazon:MarketplaceIds and Amazon:Region in --settings (docs/amazon.md)");
            return ExitCodes.Usage;
        }

        if (result.LeaseHeldBy is { } holder)
        {
            session.Output.Error($"{holder} is pulling settlements right now; nothing was done, try again when it is finished");
            return ExitCodes.Failure;
        }

        Dictionary<string, WriteOutcome> written = _dryRun ? [] : await WriteAsync(pull, result, cancellationToken);
        List<AmazonSettlementLine> lines = [.. result.Reports.Select(r => Line(r, written))];
        bool ok = lines.All(l => l.Outcome != PulledSettlementOutcome.Parked && l.Written != "parked");
        if (_json)
        {
            session.Output.Json(new AmazonSettlementsReport(_dryRun, result.From, result.Watermark, lines), CliJsonContext.Default.AmazonSettlementsReport);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        }

        Print(lines);
        string what = _dryRun ? "dry run: nothing was enqueued, written or committed" : $"watermark {Iso(result.Watermark)}";
        session.Output.Result(ok, $"{lines.Count} settlement report(s) since {Iso(result.From)}; {lines.Count(l => l.Outcome == PulledSettlementOutcome.Enqueued)} {(_dryRun ? "would be posted" : "posted")}; {what}");
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Writes every command the pull enqueued; on a failure hands the unwritten reports back and rethrows.</summary>
    private async Task<Dictionary<string, WriteOutcome>> WriteAsync(AmazonSettlementPull pull, AmazonSettlementPullResult result, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, WriteOutcome>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await new InProcessWriter(session).WriteQueuedAsync(outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PulledSettlement[] unwritten = [.. result.Reports.Where(r => r.Outcome == PulledSettlementOutcome.Enqueued && !outcomes.ContainsKey(r.SettlementId!))];
            bool handedBack = await pull.HandBackAsync(unwritten, CancellationToken.None);
            session.Output.Warn(handedBack
                ? $"{unwritten.Length} settlement(s) not written ({string.Join(", ", unwritten.Select(r => r.SettlementId))}); handed back: the next pull posts them again"
                : $"{unwritten.Length} settlement(s) not written ({string.Join(", ", unwritten.Select(r => r.SettlementId))}) and another pull holds the lease: post them with p21 settlements submit --source amazon");
            throw;
        }

        return outcomes;
    }

    private static AmazonSettlementLine Line(PulledSettlement report, Dictionary<string, WriteOutcome> written)
    {
        WriteOutcome? outcome = report.SettlementId is { } id && report.Outcome == PulledSettlementOutcome.Enqueued ? written.GetValueOrDefault(id) : null;
        (string? status, string? key, string? reason) = outcome switch
        {
            WriteOutcome.Committed c => ("committed", c.P21Key, null),
            WriteOutcome.Duplicate d => ("duplicate", d.P21Key, null),
            WriteOutcome.Parked p => ("parked", null, $"{p.Reason} (parked record {ParkedRecord.IdFor(IdempotencyKey.For("amazon", WriteCommandKind.Of<JournalEntryPost>(), report.SettlementId!))}; p21 parked)"),
            null => ((string?)null, (string?)null, (string?)null),
            _ => (outcome.GetType().Name.ToLowerInvariant(), null, null),
        };
        return new AmazonSettlementLine(report.ReportId, report.CreatedTime, report.SettlementId, report.Outcome, report.Currency, report.Total, report.Lines, status, key, reason ?? report.Reason);
    }

    private void Print(List<AmazonSettlementLine> lines)
    {
        if (lines.Count == 0)
        {
            session.Output.Line("no settlement report since the watermark");
            return;
        }

        var table = new Table().AddColumns("report", "created", "settlement", "outcome", "total", "lines", "written", "reason");
        foreach (AmazonSettlementLine line in lines)
        {
            table.AddRow(
                Markup.Escape(line.ReportId),
                Iso(line.CreatedTime),
                Markup.Escape(line.SettlementId ?? "-"),
                line.Outcome.ToString(),
                line.Total is { } total ? $"{total.ToString("0.00", CultureInfo.InvariantCulture)} {Markup.Escape(line.Currency ?? "")}" : "-",
                line.Lines?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(line.Written is null ? "-" : line.P21Key is null ? line.Written : $"{line.Written} {line.P21Key}"),
                Markup.Escape(line.Reason ?? ""));
        }

        session.Output.Console.Write(table);
    }

    private static string Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
