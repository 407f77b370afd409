using System.Globalization;

using P21.Connector.Commands;

namespace P21.Connector.Settle;

/// <summary>
/// Turns a settlement into a balanced GL journal: one line per mapped (transaction type, amount type, amount
/// description) aggregate, plus the clearing line for −total. Aggregates that net to zero are left out (P21 has
/// nothing to post for them).
/// </summary>
public static class SettlementJournal
{
    private const int MaxListedInMessage = 10;

    /// <summary>Builds the journal; never throws for unmapped or unbalanced input.</summary>
    public static SettlementJournalResult Build(
        JournalEntryPost entry, Func<GlAccountKey, string?> resolveAccount, SettlementPostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(resolveAccount);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ClearingAccount))
        {
            return new([], [], "No clearing account is configured (Settlements:Posting:ClearingAccount).");
        }

        var accounts = new Dictionary<GlAccountKey, string?>();
        var aggregates = new Dictionary<GlAccountKey, decimal>();
        var order = new List<GlAccountKey>();
        var unmapped = new List<UnmappedSettlementLine>();
        decimal sum = 0;
        foreach (var line in entry.Lines)
        {
            var key = new GlAccountKey(line.TransactionType, line.AmountType, line.AmountDescription);
            if (!accounts.TryGetValue(key, out var account))
            {
                account = resolveAccount(key);
                accounts[key] = string.IsNullOrWhiteSpace(account) ? null : account.Trim();
                account = accounts[key];
            }

            sum += line.Amount;
            if (account is null)
            {
                unmapped.Add(new UnmappedSettlementLine(line.LineNumber, key));
                continue;
            }

            if (!aggregates.TryAdd(key, line.Amount))
            {
                aggregates[key] += line.Amount;
            }
            else
            {
                order.Add(key);
            }
        }

        if (unmapped.Count > 0)
        {
            var listed = string.Join(", ", unmapped.Take(MaxListedInMessage).Select(u => $"line {u.LineNumber.ToString(CultureInfo.InvariantCulture)} ({u.Key})"));
            var more = unmapped.Count > MaxListedInMessage ? $" and {unmapped.Count - MaxListedInMessage} more" : "";
            var keys = string.Join(", ", unmapped.Select(u => u.Key.ToString()).Distinct(StringComparer.Ordinal));
            return new([], unmapped, $"Settlement {entry.SettlementId}: {unmapped.Count} line(s) have no GL account: {listed}{more}. Map these keys: {keys}.");
        }

        if (sum != entry.Total)
        {
            return new([], [], $"Settlement {entry.SettlementId} does not balance: the lines add up to {SettlementReport.Money(sum)} but the total is {SettlementReport.Money(entry.Total)}.");
        }

        var sign = options.InvertSigns ? -1m : 1m;
        var lines = new List<JournalLine>(order.Count + 1);
        foreach (var key in order)
        {
            var amount = aggregates[key];
            if (amount != 0)
            {
                lines.Add(new JournalLine(accounts[key]!, sign * amount, Describe(entry.SettlementId, key.ToString(), options)));
            }
        }

        var deposit = entry.DepositDate is { } d ? $" deposit {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "";
        lines.Add(new JournalLine(options.ClearingAccount, -sign * entry.Total, Describe(entry.SettlementId, $"{entry.Currency}{deposit}", options)));
        var balance = lines.Sum(l => l.Amount);
        return balance == 0
            ? new(lines, [], null)
            : new([], [], $"Settlement {entry.SettlementId} does not balance: the journal nets to {SettlementReport.Money(balance)}.");
    }

    private static string Describe(string settlementId, string what, SettlementPostingOptions options)
    {
        var text = $"Settlement {settlementId} {what}";
        return text.Length <= options.MaxDescriptionLength ? text : text[..options.MaxDescriptionLength];
    }
}
