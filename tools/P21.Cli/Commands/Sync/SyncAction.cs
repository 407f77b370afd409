using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Connector.Events;
using P21.Connector.Poll;

namespace P21.Cli.Commands.Sync;

/// <summary>Runs <see cref="PollRunner"/> once with an NDJSON sink; the watermark moves only after each page is written.</summary>
internal sealed class SyncAction(ParseResult parseResult, SyncCommandDefinition definition, CliSession session)
{
    private readonly string _entity = parseResult.GetValue(definition.Entity)!;
    private readonly DateTimeOffset? _since = parseResult.GetValue(definition.Since);
    private readonly bool _dryRun = parseResult.GetValue(definition.DryRun);
    private readonly string _out = parseResult.GetValue(definition.Out) ?? "-";
    private readonly bool _append = parseResult.GetValue(definition.Append);
    private readonly bool _force = parseResult.GetValue(definition.Force);
    private readonly bool _takeOver = parseResult.GetValue(definition.TakeOver);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Client();
        PollRequest request = _since is { } since
            ? new PollRequest(session.Connection, _entity, PollMode.Backfill, since.ToUniversalTime(), _dryRun) { IgnoreSchedule = true, TakeOver = _takeOver }
            : new PollRequest(session.Connection, _entity, PollMode.Incremental, DryRun: _dryRun) { IgnoreSchedule = true, TakeOver = _takeOver };
        PollResult result;
        if (_out == "-")
        {
            await using TextWriter writer = CliRunner.OpenOut(_out, session.Output);
            result = await session.Get<PollRunner>().RunAsync(request, new NdjsonChangeSink(writer), cancellationToken);
        }
        else
        {
            await using NdjsonFileSink file = OutFile.Open(_out, _append, _force, "--append");
            result = await session.Get<PollRunner>().RunAsync(request, file, cancellationToken);
            OutFile.Report(file, session.Output);
        }

        string summary = Summary(result, _dryRun);
        if (_out == "-")
        {
            session.Output.Note(summary);
        }
        else
        {
            session.Output.Line(summary + $"; events in {Path.GetFullPath(_out)}");
        }

        return result.Outcome == PollOutcome.Completed ? ExitCodes.Ok : ExitCodes.Failure;
    }

    internal static string Summary(PollResult result, bool dryRun)
    {
        if (result.Outcome != PollOutcome.Completed)
        {
            return $"{result.Entity}: {result.Message}";
        }

        if (result.Quiet)
        {
            // Say why nothing was read: the operator should not suspect a stuck watermark.
            return string.Create(CultureInfo.InvariantCulture,
                $"{result.Entity}: quiet: the change probe saw no change since the last full read, so no table was read ({result.P21Requests} request in {result.Duration.TotalSeconds:0.0} s)");
        }

        double seconds = Math.Max(result.Duration.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Entity}: {result.EventsPublished} events, {result.RowsRead} rows read, {result.UnchangedSkipped} unchanged, {result.Pages} pages in {result.Duration.TotalSeconds:0.0} s ({result.RowsRead / seconds:0} rows/s)")
            + (dryRun ? "; dry run: watermark and fingerprints not committed" : "; watermark committed");
    }
}
