using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write.Journal;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Posts a settlement as one balanced GL journal (<c>POST /api/accounting/gl/</c>). The accounts come from the
/// gl-account mappings; one unmapped line parks the whole settlement with the line report and posts nothing. An entry
/// already in P21 (same source, description starting with the settlement id) is returned instead of posting again.
/// </summary>
internal sealed class JournalEntryPostHandler(
    WriteMappings mappings,
    IOptionsMonitor<WriterOptions> options,
    IOptionsMonitor<SettlementPostingOptions> posting,
    TimeProvider time) : WriteHandler<JournalEntryPost>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(JournalEntryPost payload, WriteContext context, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> accounts = await mappings.GlAccountsAsync(context.Connection, context.Command.Source, cancellationToken).ConfigureAwait(false);
        SettlementJournalResult journal = SettlementJournal.Build(
            payload,
            key => accounts.GetValueOrDefault(MappingKey.ForGlAccount(key.TransactionType, key.AmountType, key.AmountDescription)),
            posting.CurrentValue);
        if (!journal.IsBalanced)
        {
            string? report = journal.Unmapped.Count == 0
                ? null
                : string.Join(Environment.NewLine, journal.Unmapped.Select(u => string.Create(CultureInfo.InvariantCulture, $"line {u.LineNumber}: {u.Key}")));
            throw new WriteRejectedException(journal.Failure!, report);
        }

        WriterOptions writer = options.CurrentValue;
        string? existing = await FindPostedAsync(context.Client, payload.SettlementId, writer, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        DateOnly date = context.ServerDate(payload.DepositDate ?? payload.EndDate ?? time.GetUtcNow());
        IReadOnlyList<GlLine> lines = Build(journal.Lines, date, writer);
        GlPostResult result = await context.Client.PostJournalAsync(lines, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<GlLine> stored = await context.Client.GetJournalAsync(result.TransactionNumber, cancellationToken).ConfigureAwait(false);
        if (stored.Count != lines.Count || stored.Sum(l => l.Amount) != 0m)
        {
            throw new WriteRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"P21 GL entry {result.TransactionNumber} for settlement {payload.SettlementId} holds {stored.Count} line(s) netting {stored.Sum(l => l.Amount)}, not the {lines.Count} balanced lines posted; check it in P21"));
        }

        return result.TransactionNumber;
    }

    /// <summary>The GL lines: one per journal line, dated and put in the fiscal period of <paramref name="date"/>.</summary>
    internal static IReadOnlyList<GlLine> Build(IReadOnlyList<JournalLine> lines, DateOnly date, WriterOptions writer)
    {
        (int period, int year) = FiscalPeriod(date, writer.FiscalYearStartMonth);
        return
        [
            .. lines.Select(l => new GlLine
            {
                CompanyNo = writer.GlCompanyNo,
                AccountNumber = l.AccountNumber,
                Period = period,
                YearForPeriod = year,
                JournalId = writer.GlJournalId,
                Amount = l.Amount,
                Description = l.Description,
                Source = writer.GlSource,
                TransactionDate = date,
            }),
        ];
    }

    /// <summary>Fiscal (period, year): with a fiscal year starting in July, 2026-07 is period 1 of 2027.</summary>
    internal static (int Period, int Year) FiscalPeriod(DateOnly date, int fiscalYearStartMonth)
    {
        int period = ((date.Month - fiscalYearStartMonth + 12) % 12) + 1;
        int year = fiscalYearStartMonth == 1 || date.Month < fiscalYearStartMonth ? date.Year : date.Year + 1;
        return (period, year);
    }

    private static async Task<string?> FindPostedAsync(P21Client client, string settlementId, WriterOptions writer, CancellationToken cancellationToken)
    {
        P21Row? row = await client.FirstOrDefaultAsync(
            new ODataQuery(
                "gl",
                Filter: $"{P21Reads.Eq("source", writer.GlSource)} and startswith(description, {ODataLiterals.String($"Settlement {settlementId} ")})",
                Select: ["transaction_number"],
                OrderBy: ["gl_uid"]),
            cancellationToken).ConfigureAwait(false);
        return row?.GetString("transaction_number");
    }
}
