using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Intake.Pulls;
using P21.Connector.Push;
using P21.Connector.Storage;
using P21.Connector.Write;

using Spectre.Console;

namespace P21.Cli.Commands.Parked;

/// <summary>The parked-record verbs over <see cref="ParkedRecords"/> and the parked store.</summary>
internal sealed class ParkedAction(ParseResult parseResult, CliSession session, bool json = false)
{
    public ParseResult ParseResult { get; } = parseResult;

    public async Task<int> ListAsync(ParkedStatus? status, bool asJson, CancellationToken cancellationToken)
    {
        var records = new List<ParkedRecord>();
        await foreach (ParkedRecord record in session.Get<IParkedRecordStore>().ListAsync(session.Connection, new ParkedRecordFilter(Status: status), cancellationToken))
        {
            records.Add(record);
        }

        if (asJson)
        {
            session.Output.Json(records, CliJsonContext.Default.ListParkedRecord);
            return ExitCodes.Ok;
        }

        if (records.Count == 0)
        {
            session.Output.Line($"no parked records on connection {session.Connection}");
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("id", "status", "kind", "source", "attempts", "last seen (UTC)", "reason");
        foreach (ParkedRecord r in records)
        {
            table.AddRow(Markup.Escape(r.Id), r.Status.ToString(), Markup.Escape(r.Kind), Markup.Escape(r.Source), r.Attempts.ToString(CultureInfo.InvariantCulture),
                r.LastSeenUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(r.Reason));
        }

        session.Output.Console.Write(table);
        return ExitCodes.Ok;
    }

    public async Task<int> ShowAsync(string id, CancellationToken cancellationToken)
    {
        ParkedRecord? record = await session.Get<IParkedRecordStore>().GetAsync(session.Connection, id, cancellationToken);
        if (record is null)
        {
            return NotFound(id);
        }

        if (json)
        {
            session.Output.Json(record, CliJsonContext.Default.ParkedRecord);
            return ExitCodes.Ok;
        }

        session.Output.Line($"id:        {record.Id}");
        session.Output.Line($"status:    {record.Status} after {record.Attempts} attempt(s), last {record.LastSeenUtc:O}");
        session.Output.Line($"kind:      {record.Kind} from {record.Source}, idempotency key {record.IdempotencyKey}");
        session.Output.Line($"reason:    {record.Reason}");
        if (record.Details is { Length: > 0 } details)
        {
            session.Output.Line($"details:   {details}");
        }

        session.Output.Line("payload:");
        session.Output.Line(record.Payload ?? "(none)");
        return ExitCodes.Ok;
    }

    public async Task<int> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        ParkedRecord? parked = await session.Get<IParkedRecordStore>().GetAsync(session.Connection, id, cancellationToken);

        // A parked push goes back to its store, not through the writer: it needs no P21 call and no ledger.
        if (ParkedPushes.Handles(parked?.Kind))
        {
            return await ReplayPushAsync(id, cancellationToken);
        }

        // What the Amazon pulls park is Amazon's answer, not a command: the writer would only refuse it again.
        if (parked is { Kind: AmazonOrderPull.ParkedKind or AmazonSettlementPull.ParkedKind or AmazonReturnPull.ParkedFileKind or AmazonReturnPull.ParkedRowKind })
        {
            session.Output.Result(false, parked.Kind switch
            {
                AmazonOrderPull.ParkedKind => $"not replayed: {id} is an Amazon order as SP-API answered it, not a write command. Once Amazon's data is right, re-pull it with p21 amazon orders pull --since <time> (the time is in its reason, p21 parked show {id}); the re-pull marks this record replayed. Or enter the order in P21 by hand and run p21 parked discard {id}",
                AmazonSettlementPull.ParkedKind => $"not replayed: {id} is an Amazon settlement file that did not parse or balance, not a write command. Get the file (p21 parked show {id}), correct it, post it with p21 settlements submit --source amazon --file <file>, then run p21 parked discard {id}",
                _ => $"not replayed: {id} is Amazon FBA returns data that did not read, not a write command. See it with p21 parked show {id}, enter the return in P21 as an RMA against the Amazon order, then run p21 parked discard {id}",
            });
            return ExitCodes.Failure;
        }

        session.Client();
        session.Settings.RequireSharedLedger();
        ReplayResult result = await session.Get<ParkedRecords>().ReplayAsync(session.Connection, id, cancellationToken);
        if (result.Error is not null)
        {
            session.Output.Result(false, $"not replayed: {result.Error}");
            return result.Record is null ? ExitCodes.Usage : ExitCodes.Failure;
        }

        string text = result.Outcome switch
        {
            WriteOutcome.Committed c => $"replayed: written to P21 as {c.P21Key}",
            WriteOutcome.Duplicate d => $"replayed: already in P21 as {d.P21Key}",
            WriteOutcome.Parked p => $"still parked: {p.Reason}",
            _ => "replayed",
        };
        session.Output.Result(result.Succeeded, text);
        return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<int> ReplayPushAsync(string id, CancellationToken cancellationToken)
    {
        PushReplayResult result = await session.Get<ParkedPushes>().ReplayAsync(session.Connection, id, cancellationToken);
        if (result.Error is not null || result.Report is not { } report)
        {
            session.Output.Result(false, $"not replayed: {result.Error}");
            return ExitCodes.Failure;
        }

        string text = report.Parked > 0
            ? $"still parked: {result.Record?.Reason}"
            : report.ItemsSet > 0
                ? $"replayed: pushed to {report.Target} ({report.ItemsSet} quantity set)"
                : report.Shipped > 0
                    ? $"replayed: pushed to {report.Target} (shipment recorded)"
                    : report.OrdersUpdated > 0
                        ? $"replayed: pushed to {report.Target} (order updated)"
                        : $"replayed: nothing to push, {report.Target} already has this change or a newer one";
        session.Output.Result(result.Succeeded, text);
        return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
    }

    public async Task<int> DiscardAsync(string id, string reason, CancellationToken cancellationToken)
    {
        ParkedRecord? record = await session.Get<ParkedRecords>().DiscardAsync(session.Connection, id, reason, cancellationToken);
        if (record is null)
        {
            return NotFound(id);
        }

        session.Output.Result(true, $"discarded {id}: {reason}");
        return ExitCodes.Ok;
    }

    private int NotFound(string id)
    {
        session.Output.Error($"no parked record '{id}' on connection {session.Connection} — list them with p21 parked list");
        return ExitCodes.Usage;
    }
}
