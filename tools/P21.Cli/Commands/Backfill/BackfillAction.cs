using System.CommandLine;
using System.Text.Json;

using P21.Cli.Commands.Sync;
using P21.Cli.Hosting;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

using Spectre.Console;

namespace P21.Cli.Commands.Backfill;

/// <summary>
/// Runs a backfill with a progress bar. The total comes from <c>$count</c> (ETA shown when P21 answers it); events are
/// streamed page by page to the sink and dropped, so memory stays flat however large the table.
/// </summary>
internal sealed class BackfillAction(ParseResult parseResult, BackfillCommandDefinition definition, CliSession session)
{
    private readonly string _entity = parseResult.GetValue(definition.Entity)!;
    private readonly DateTimeOffset? _from = parseResult.GetValue(definition.From);
    private readonly bool _resume = parseResult.GetValue(definition.Resume);
    private readonly string? _out = parseResult.GetValue(definition.Out);
    private readonly bool _force = parseResult.GetValue(definition.Force);
    private readonly bool _takeOver = parseResult.GetValue(definition.TakeOver);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        P21Client client = session.Client();
        PollEntity entity = session.Get<PollEntityCatalogue>().Get(_entity);
        DateTimeOffset? from = _from?.ToUniversalTime();
        if (_resume)
        {
            (bool found, DateTimeOffset? storedFrom) = await UnfinishedAsync(cancellationToken);
            if (found)
            {
                from = storedFrom;
                session.Output.Line($"resuming the unfinished {_entity} backfill" + (from is null ? "" : $" from {from:O}"));
            }
            else
            {
                session.Output.Warn($"no unfinished {_entity} backfill to resume; starting one" + (from is null ? "" : $" from {from:O}"));
            }
        }

        // Checked before the run: a file of events is appended to on --resume, overwritten only with --force.
        NdjsonFileSink? file = _out is null or "-" ? null : OutFile.Open(_out, append: _resume, _force, "--resume");
        long? total = await CountAsync(client, entity, from, cancellationToken);
        PollRequest request = new(session.Connection, _entity, PollMode.Backfill, from) { IgnoreSchedule = true, TakeOver = _takeOver };
        PollResult result;
        TextWriter? stdout = _out == "-" ? CliRunner.OpenOut(_out, session.Output) : null;
        try
        {
            IChangeSink? inner = file is not null ? file : stdout is null ? null : new NdjsonChangeSink(stdout);
            result = _out == "-" || !session.Output.Console.Profile.Capabilities.Interactive
                ? await session.Get<PollRunner>().RunAsync(request, new CountingSink(inner), cancellationToken)
                : await WithProgressAsync(request, inner, total, cancellationToken);
        }
        finally
        {
            if (stdout is not null)
            {
                await stdout.DisposeAsync();
            }

            if (file is not null)
            {
                OutFile.Report(file, session.Output);
                await file.DisposeAsync();
            }
        }

        string summary = SyncAction.Summary(result, dryRun: false);
        if (_out == "-")
        {
            session.Output.Note(summary);
        }
        else
        {
            session.Output.Line(summary);
            if (_out is null && result.EventsPublished > 0)
            {
                session.Output.Warn("events were counted, not kept (no --out): later syncs continue after this backfill");
            }
        }

        return result.Outcome == PollOutcome.Completed ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<PollResult> WithProgressAsync(PollRequest request, IChangeSink? inner, long? total, CancellationToken cancellationToken)
    {
        PollResult? result = null;
        await session.Output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RecordsColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(_entity, maxValue: Math.Max(total ?? 1, 1));
                task.IsIndeterminate = total is null;
                var sink = new CountingSink(inner, published => task.Increment(published));
                result = await session.Get<PollRunner>().RunAsync(request, sink, cancellationToken);
                task.MaxValue = Math.Max(task.Value, 1);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }

    /// <summary>The rows a backfill will read, when P21 answers <c>$count</c>; null otherwise (no ETA then).</summary>
    private static async Task<long?> CountAsync(P21Client client, PollEntity entity, DateTimeOffset? from, CancellationToken cancellationToken)
    {
        string? filter = from is { } since ? $"date_last_modified ge {ODataLiterals.DateTime(since, client.ServerUtcOffset)}" : null;
        if (entity.Primary.Filter is { } extra)
        {
            filter = filter is null ? extra : $"({extra}) and {filter}";
        }

        try
        {
            return await client.CountAsync(entity.Primary.Table, filter, cancellationToken);
        }
        catch (P21RequestFailedException)
        {
            return null;
        }
    }

    /// <summary>Whether the stored position holds an unfinished backfill, and its start.</summary>
    private async Task<(bool Found, DateTimeOffset? From)> UnfinishedAsync(CancellationToken cancellationToken)
    {
        Watermark? watermark = await session.Get<IWatermarkStore>().GetAsync(session.Connection, _entity, cancellationToken);
        if (watermark?.Position is not { Length: > 0 } position)
        {
            return (false, null);
        }

        // The position is the poller's own JSON; only its backfill start is read here.
        using var document = JsonDocument.Parse(position);
        if (!document.RootElement.TryGetProperty("backfill", out JsonElement backfill) || backfill.ValueKind != JsonValueKind.Object)
        {
            return (false, null);
        }

        return (true, backfill.TryGetProperty("from", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetDateTimeOffset() : null);
    }
}
