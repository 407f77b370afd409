using System.CommandLine;
using System.Globalization;

using P21.Cli.Commands.Orders;
using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

using Spectre.Console;

namespace P21.Cli.Commands.Amazon;

/// <summary>Result of <c>p21 amazon orders pull --json</c>.</summary>
/// <param name="DryRun">Nothing was enqueued, written or committed.</param>
/// <param name="Repull">Read from <c>--since</c>; the watermark was left where it was.</param>
/// <param name="From">The <c>LastUpdatedAfter</c> the orders were read from.</param>
/// <param name="Watermark">The position committed (null in a dry run, a re-pull, or when nothing was read).</param>
/// <param name="More">The run stopped at <c>Amazon:Orders:MaxRunDuration</c>; run it again for the rest.</param>
/// <param name="Orders">Every order read, oldest update first.</param>
internal sealed record AmazonOrdersReport(bool DryRun, bool Repull, DateTimeOffset? From, DateTimeOffset? Watermark, bool More, IReadOnlyList<AmazonOrderLine> Orders);

/// <summary>One order of the pull and, when it was written in this run, the writer's outcome.</summary>
/// <param name="AmazonOrderId">Amazon's order id.</param>
/// <param name="Status">Amazon's <c>OrderStatus</c>.</param>
/// <param name="LastUpdateDate">The version handled.</param>
/// <param name="Outcome">What the pull did with it (<see cref="PulledOrderOutcome"/>).</param>
/// <param name="Written">The writer's outcome in this run: committed, duplicate or parked (null when not written here).</param>
/// <param name="P21Key">The P21 order, when committed.</param>
/// <param name="Reason">Why it was not written, was parked, or waits.</param>
internal sealed record AmazonOrderLine(
    string AmazonOrderId,
    string Status,
    DateTimeOffset LastUpdateDate,
    PulledOrderOutcome Outcome,
    string? Written,
    string? P21Key,
    string? Reason);

/// <summary>
/// Runs <see cref="AmazonOrderPull"/> once. The CLI has no Service Bus: the pull's commands land in the in-process queue
/// and are written here, through the same writer; should a write fail, the pull hands the unwritten orders back
/// (markers and watermark), so the next pull enqueues them again instead of their being lost with the process.
/// </summary>
internal sealed class AmazonOrdersAction(ParseResult parseResult, AmazonOrdersPullCommandDefinition definition, CliSession session)
{
    private readonly SinceValue? _since = parseResult.GetValue(definition.Since);
    private readonly bool _dryRun = parseResult.GetValue(definition.DryRun);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!_dryRun)
        {
            session.Settings.RequireSharedLedger();
            session.Client();
        }

        var pull = session.Get<AmazonOrderPull>();
        DateTimeOffset? since = _since?.Resolve(session.Get<TimeProvider>().GetUtcNow());
        AmazonOrderPullResult result = await pull.RunAsync(new AmazonOrderPullRequest(_dryRun, since), cancellationToken);
        if (!result.Configured)
        {
            session.Output.Error("no Amazon setting is present: set Amazon:ClientId, Amazon:ClientSecretName, Amazon:RefreshTokenName, Amazon:MarketplaceIds and Amazon:Region in --settings (docs/amazon.md)");
            return ExitCodes.Usage;
        }

        if (result.LeaseHeldBy is { } holder)
        {
            session.Output.Error($"{holder} is pulling Amazon orders right now; nothing was done, try again when it is finished");
            return ExitCodes.Failure;
        }

        Dictionary<string, WriteOutcome> written = _dryRun ? [] : await WriteAsync(pull, result, cancellationToken);
        List<AmazonOrderLine> lines = [.. result.Orders.Select(o => Line(o, written, _dryRun))];
        bool ok = lines.All(l => l.Outcome != PulledOrderOutcome.Refused && l.Written != "parked");
        if (_json)
        {
            session.Output.Json(new AmazonOrdersReport(_dryRun, since is not null, result.From, result.Watermark, result.More, lines), CliJsonContext.Default.AmazonOrdersReport);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        }

        Print(lines);
        string what = _dryRun ? "dry run: nothing was enqueued, written or committed"
            : since is not null ? "re-pull: the watermark was left where it was"
            : $"watermark {Iso(result.Watermark)}";
        int handedOver = lines.Count(l => l.Outcome is PulledOrderOutcome.Enqueued or PulledOrderOutcome.CancelEnqueued);
        session.Output.Result(ok, $"{lines.Count} order(s) updated since {Iso(result.From)}; {handedOver} {(_dryRun ? "would be written" : "written")}; {what}"
            + (result.More ? "; more to pull (Amazon:Orders:MaxRunDuration reached): run it again" : ""));
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Writes every command the pull enqueued; on a failure hands the unwritten orders back and rethrows.</summary>
    private async Task<Dictionary<string, WriteOutcome>> WriteAsync(AmazonOrderPull pull, AmazonOrderPullResult result, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, WriteOutcome>(StringComparer.Ordinal);
        try
        {
            await new InProcessWriter(session).WriteQueuedAsync(outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PulledOrder[] unwritten = [.. result.Orders.Where(o => o.Outcome is PulledOrderOutcome.Enqueued or PulledOrderOutcome.CancelEnqueued && !outcomes.ContainsKey(o.AmazonOrderId))];
            string ids = string.Join(", ", unwritten.Select(o => o.AmazonOrderId));
            bool handedBack = await pull.HandBackAsync(unwritten, CancellationToken.None);
            session.Output.Warn(handedBack
                ? $"{unwritten.Length} order(s) not written ({ids}); handed back: the next pull writes them"
                : $"{unwritten.Length} order(s) not written ({ids}) and another pull holds the lease: run p21 amazon orders pull --since {Iso(unwritten.Min(o => o.LastUpdateDate))} once it is done");
            throw;
        }

        return outcomes;
    }

    private static AmazonOrderLine Line(PulledOrder order, Dictionary<string, WriteOutcome> written, bool dryRun)
    {
        if (order.Outcome == PulledOrderOutcome.Refused)
        {
            string where = dryRun ? "would be parked" : $"parked record {ParkedId(WriteCommandKind.Of<SalesOrderCreate>(), order.AmazonOrderId)}; p21 parked show";
            return new AmazonOrderLine(order.AmazonOrderId, order.Status, order.LastUpdateDate, order.Outcome, null, null, $"{order.Reason} ({where})");
        }

        WriteOutcome? outcome = order.Outcome is PulledOrderOutcome.Enqueued or PulledOrderOutcome.CancelEnqueued ? written.GetValueOrDefault(order.AmazonOrderId) : null;
        WriteCommandKind kind = order.Outcome == PulledOrderOutcome.CancelEnqueued ? WriteCommandKind.Of<SalesOrderCancel>() : WriteCommandKind.Of<SalesOrderCreate>();
        (string? status, string? key, string? reason) = outcome switch
        {
            WriteOutcome.Committed c => ("committed", c.P21Key, null),
            WriteOutcome.Duplicate d => ("duplicate", d.P21Key, null),
            WriteOutcome.Parked p => ("parked", null, $"{p.Reason} (parked record {ParkedId(kind, order.AmazonOrderId)}; p21 parked)"),
            null => ((string?)null, (string?)null, (string?)null),
            _ => (outcome.GetType().Name.ToLowerInvariant(), null, null),
        };
        return new AmazonOrderLine(order.AmazonOrderId, order.Status, order.LastUpdateDate, order.Outcome, status, key, reason ?? order.Reason);
    }

    private static string ParkedId(WriteCommandKind kind, string amazonOrderId) =>
        ParkedRecord.IdFor(IdempotencyKey.For(AmazonOrderPull.Source, kind, amazonOrderId));

    private void Print(List<AmazonOrderLine> lines)
    {
        if (lines.Count == 0)
        {
            session.Output.Line("no Amazon order updated in the window");
            return;
        }

        var table = new Table().AddColumns("order", "status", "updated", "outcome", "written", "reason");
        foreach (AmazonOrderLine line in lines)
        {
            table.AddRow(
                Markup.Escape(line.AmazonOrderId),
                Markup.Escape(line.Status),
                Iso(line.LastUpdateDate),
                line.Outcome.ToString(),
                Markup.Escape(line.Written is null ? "-" : line.P21Key is null ? line.Written : $"{line.Written} {line.P21Key}"),
                Markup.Escape(line.Reason ?? ""));
        }

        session.Output.Console.Write(table);
    }

    private static string Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
