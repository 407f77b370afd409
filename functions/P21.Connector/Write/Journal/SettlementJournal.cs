using System.Globalization;

using P21.Connector.Commands;

namespace P21.Connector.Write.Journal;

/// <summary>
/// Turns a settlement into a balanced GL journal in P21's convention, where a positive amount is a debit: the deposit
/// account (<see cref="SettlementPostingOptions.ClearingAccount"/>) is debited with the total, and each mapped
/// (transaction type, amount type, amount description) aggregate is posted with the opposite of the report's sign.
/// The report counts from the seller's side (a sale's principal +10.00 is owed to the seller, a fee −1.50 is kept by
/// Amazon), so the principal is a credit (−10.00) to its account and the fee a debit (+1.50) to fee expense.
/// Aggregates that net to zero are left out (P21 has nothing to post for them).
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
            return new([], [], "No deposit account is configured (Settlements:Posting:ClearingAccount, the bank account the payout goes to).");
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
            return new([], [], $"Settlement {entry.SettlementId} does not balance: the lines add up to {SettlementAmount.Format(sum)} but the total is {SettlementAmount.Format(entry.Total)}.");
        }

        var lines = new List<JournalLine>(order.Count + 1);
        foreach (var key in order)
        {
            var amount = aggregates[key];
            if (amount != 0)
            {
                // Money the report credits the seller with is credited (negative) to its account; fees are debited.
                lines.Add(new JournalLine(accounts[key]!, -amount, Describe(entry.SettlementId, key.ToString(), options)));
            }
        }

        // The payout lands in the bank: a debit of +total (a negative total, Amazon debiting the seller, is a credit).
        var deposit = entry.DepositDate is { } d ? $" deposit {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "";
        lines.Add(new JournalLine(options.ClearingAccount, entry.Total, Describe(entry.SettlementId, $"{entry.Currency}{deposit}", options)));
        var balance = lines.Sum(l => l.Amount);
        return balance == 0
            ? new(lines, [], null)
            : new([], [], $"Settlement {entry.SettlementId} does not balance: the journal nets to {SettlementAmount.Format(balance)}.");
    }

    private static string Describe(string settlementId, string what, SettlementPostingOptions options)
    {
        var text = $"Settlement {settlementId} {what}";
        return text.Length <= options.MaxDescriptionLength ? text : text[..options.MaxDescriptionLength];
    }
}
