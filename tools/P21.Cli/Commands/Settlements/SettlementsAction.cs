using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Cli.Commands.Orders;
using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Intake.Settlements;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write.Journal;

using Spectre.Console;

namespace P21.Cli.Commands.Settlements;

/// <summary>Result of <c>p21 settlements dry-run --json</c>.</summary>
/// <param name="Verdict">write, skip or park.</param>
/// <param name="Detail">Why.</param>
/// <param name="Lines">The journal that would be posted (empty unless it balances).</param>
/// <param name="Unmapped">Report lines without a GL account.</param>
/// <param name="Mapped">Report lines with a GL account, so a park shows what is already mapped.</param>
internal sealed record SettlementPreview(string Verdict, string Detail, IReadOnlyList<JournalLine> Lines, IReadOnlyList<UnmappedSettlementLine> Unmapped,
    IReadOnlyList<MappedSettlementLine> Mapped);

/// <summary>One report line and the GL account its key maps to.</summary>
internal sealed record MappedSettlementLine(int LineNumber, GlAccountKey Key, decimal Amount, string AccountNumber);

/// <summary>Submits a settlement through intake and the writer, or builds its journal without posting it.</summary>
internal sealed class SettlementsAction(ParseResult parseResult, SettlementsVerbDefinition definition, CliSession session, bool dryRun)
{
    private readonly string _source = parseResult.GetValue(definition.Source)!;
    private readonly FileInfo _file = parseResult.GetValue(definition.File)!;
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Client();
        byte[] body = await CliRunner.ReadFileAsync(_file, cancellationToken);
        string contentType = _file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/tab-separated-values";
        IReadOnlyDictionary<string, string> headers = await OrdersSubmitAction.HeadersAsync(session, _source, "settlements", body, null, cancellationToken);
        if (!dryRun)
        {
            WriteReport report = await new InProcessWriter(session).SubmitAsync(_source, "settlements", contentType, headers, body, cancellationToken);
            if (_json)
            {
                session.Output.Json(report, CliJsonContext.Default.WriteReport);
                return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
            }

            return InProcessWriter.Print(report, session.Output, "GL journal");
        }

        IntakeResult result = await session.Get<OrderIntake>().AcceptAsync(new IntakeRequest(_source, "settlements", contentType, headers, body), cancellationToken);
        if (result is not IntakeResult.Accepted)
        {
            var rejected = result as IntakeResult.Rejected;
            return InProcessWriter.Print(new WriteReport(_source, "rejected", Problem: rejected?.Problem, Reason: rejected is null ? "not a settlement" : $"{rejected.Problem.Title}: {rejected.Problem.Detail}"), session.Output, "GL journal");
        }

        var queue = session.Get<InMemoryCommandQueue>();
        QueuedMessage message = (await queue.ReceiveAsync(cancellationToken))!;
        await queue.CompleteAsync(message, cancellationToken);
        WriteCommand command = WriteCommandSerializer.Deserialize(message.Body);
        SettlementPreview preview = await PreviewAsync(command, cancellationToken);
        Print(preview);
        return preview.Verdict is "write" or "skip" ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<SettlementPreview> PreviewAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        LedgerEntry? entry = await session.Get<IIdempotencyLedger>().GetAsync(session.Connection, command.IdempotencyKey, cancellationToken);
        if (entry?.State == LedgerState.Committed)
        {
            return new SettlementPreview("skip", $"already posted as GL transaction {entry.P21Key}; nothing would be written", [], [], []);
        }

        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (Mapping mapping in session.Get<IMappingStore>().ListAsync(session.Connection, command.Source, MappingKind.GlAccount, cancellationToken))
        {
            accounts[mapping.Key] = mapping.Value;
        }

        var settlement = (JournalEntryPost)command.Payload;
        string? AccountOf(GlAccountKey key) => accounts.GetValueOrDefault(MappingKey.ForGlAccount(key.TransactionType, key.AmountType, key.AmountDescription));
        var journal = SettlementJournal.Build(settlement, AccountOf, session.Get<IOptions<SettlementPostingOptions>>().Value);
        List<MappedSettlementLine> mapped = [.. settlement.Lines
            .Select(l => (Line: l, Key: new GlAccountKey(l.TransactionType, l.AmountType, l.AmountDescription)))
            .Select(l => (l.Line, l.Key, Account: AccountOf(l.Key)))
            .Where(l => !string.IsNullOrWhiteSpace(l.Account))
            .Select(l => new MappedSettlementLine(l.Line.LineNumber, l.Key, l.Line.Amount, l.Account!.Trim()))];
        return journal.IsBalanced
            ? new SettlementPreview("write", $"a balanced journal of {journal.Lines.Count} line(s) for settlement {command.ExternalId}", journal.Lines, [], mapped)
            : new SettlementPreview("park", journal.Failure!, journal.Lines, journal.Unmapped, mapped);
    }

    private void Print(SettlementPreview preview)
    {
        if (_json)
        {
            session.Output.Json(preview, CliJsonContext.Default.SettlementPreview);
            return;
        }

        if (preview.Lines.Count > 0)
        {
            var table = new Table().AddColumns("account", "amount", "description");
            foreach (JournalLine line in preview.Lines)
            {
                table.AddRow(Markup.Escape(line.AccountNumber), line.Amount.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(line.Description));
            }

            session.Output.Console.Write(table);
        }

        if (preview.Lines.Count == 0)
        {
            foreach (MappedSettlementLine line in preview.Mapped)
            {
                session.Output.Line($"  line {line.LineNumber}: {line.Key} {line.Amount.ToString("0.00", CultureInfo.InvariantCulture)} → GL account {line.AccountNumber}");
            }
        }

        foreach (UnmappedSettlementLine line in preview.Unmapped)
        {
            session.Output.Line($"  line {line.LineNumber}: no GL account for {line.Key} — add a gl-account mapping (p21 mappings import)");
        }

        session.Output.Result(preview.Verdict is "write" or "skip", $"dry run: would {preview.Verdict}: {preview.Detail}; nothing was written");
    }
}
