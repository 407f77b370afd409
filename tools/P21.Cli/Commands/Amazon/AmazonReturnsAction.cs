using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake.Pulls;
using P21.Connector.Queues;
using P21.Connector.Write;

namespace P21.Cli.Commands.Amazon;

/// <summary>Result of <c>p21 amazon returns pull --json</c>.</summary>
/// <param name="Step">Where the run left the report (<see cref="AmazonReturnPullStep"/>).</param>
/// <param name="ReportId">The report requested or read.</param>
/// <param name="Through">The watermark: every return dated before it is handled.</param>
/// <param name="Enqueued">Returns handed to the writer.</param>
/// <param name="AlreadyHandled">Returns the ledger already had.</param>
/// <param name="Parked">Rows (or a file) parked because they do not read, plus returns the writer parked.</param>
/// <param name="Written">Per return id, the writer's outcome: <c>committed {order_no}</c>, <c>duplicate</c> or <c>parked: {reason}</c>.</param>
/// <param name="Detail">Who holds the lease, why the report failed, or the parked record.</param>
internal sealed record AmazonReturnsReport(
    AmazonReturnPullStep Step, string? ReportId, DateTimeOffset? Through, int Enqueued, int AlreadyHandled, int Parked, IReadOnlyDictionary<string, string> Written, string? Detail);

/// <summary>
/// Runs one step of <see cref="AmazonReturnPull"/>. The CLI has no Service Bus: what a read enqueues lands in the
/// in-process queue and is written here, through the same writer; should that fail, the pull hands the report back, so
/// the next run reads it again rather than the returns being lost with the process.
/// </summary>
internal sealed class AmazonReturnsAction(ParseResult parseResult, AmazonReturnsPullCommandDefinition definition, CliSession session)
{
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Settings.RequireSharedLedger();
        session.Client();
        var pull = session.Get<AmazonReturnPull>();
        AmazonReturnPullResult result = await pull.RunAsync(cancellationToken);
        switch (result.Step)
        {
            case AmazonReturnPullStep.NotConfigured:
                session.Output.Error("no Amazon setting is present: set Amazon:ClientId, Amazon:ClientSecretName, Amazon:RefreshTokenName, Amazon:MarketplaceIds and Amazon:Region in --settings (docs/amazon.md)");
                return ExitCodes.Usage;
            case AmazonReturnPullStep.Busy:
                session.Output.Error($"{result.Detail} is pulling returns right now; nothing was done, try again when it is finished");
                return ExitCodes.Failure;
        }

        Dictionary<string, string> written = result.Enqueued > 0 ? await WriteAsync(pull, result, cancellationToken) : [];
        int parked = result.Parked + written.Values.Count(w => w.StartsWith("parked", StringComparison.Ordinal));
        bool ok = parked == 0 && result.Step != AmazonReturnPullStep.Failed;
        if (_json)
        {
            session.Output.Json(
                new AmazonReturnsReport(result.Step, result.ReportId, result.Through, result.Enqueued, result.AlreadyHandled, parked, written, result.Detail),
                CliJsonContext.Default.AmazonReturnsReport);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        }

        foreach ((string id, string outcome) in written)
        {
            session.Output.Line($"{id}: {outcome}");
        }

        session.Output.Result(ok, result.Step switch
        {
            AmazonReturnPullStep.SkippedByPolicy => $"nothing pulled: {result.Detail}",
            AmazonReturnPullStep.Requested => $"report {result.ReportId} requested; Amazon builds it in minutes: run this again (or let the AmazonReturns timer) to read it",
            AmazonReturnPullStep.Waiting => $"report {result.ReportId} is not built yet ({result.Detail}); run this again in a few minutes",
            AmazonReturnPullStep.NoReturns => $"report {result.ReportId}: no return in the range; watermark {Iso(result.Through)}",
            AmazonReturnPullStep.Failed => $"{result.Detail}",
            _ => $"report {result.ReportId}: {result.Enqueued} return(s) written, {result.AlreadyHandled} already in P21, {parked} parked (p21 parked list); watermark {Iso(result.Through)}"
                + (result.Detail is { } detail ? $"; {detail}" : ""),
        });
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Writes every command the pull enqueued, each outcome as text; on a failure hands the report back and rethrows.</summary>
    private async Task<Dictionary<string, string>> WriteAsync(AmazonReturnPull pull, AmazonReturnPullResult result, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, WriteOutcome>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await new InProcessWriter(session).WriteQueuedAsync(outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            bool handedBack = await pull.HandBackAsync(result, CancellationToken.None);
            session.Output.Warn(handedBack
                ? $"{result.Enqueued - outcomes.Count} return(s) of report {result.ReportId} not written; handed back: the next run reads the report again"
                : $"{result.Enqueued - outcomes.Count} return(s) of report {result.ReportId} not written, and the watermark has moved on: enter them in P21 as RMAs (the FBA customer returns report in Seller Central lists them)");
            throw;
        }

        return outcomes.ToDictionary(o => o.Key, o => o.Value switch
        {
            WriteOutcome.Committed c => $"committed {c.P21Key}",
            WriteOutcome.Duplicate d => $"duplicate {d.P21Key}",
            WriteOutcome.Parked p => $"parked: {p.Reason}",
            _ => o.Value.GetType().Name.ToLowerInvariant(),
        }, StringComparer.OrdinalIgnoreCase);
    }

    private static string Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
