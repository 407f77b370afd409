using P21.Connector.Commands;
using P21.Connector.Intake.Settlements;
using P21.Connector.Write.Journal;

namespace P21.Connector.Tests.Write.Journal;

public class SettlementJournalTests
{
    // The documented account model (docs/inbound.md, "Settlements"): the payout to the bank, order and refund amounts
    // to the marketplace receivable (the P21 invoice already booked the revenue), fees to expense.
    private const string Bank = "1000-00";
    private const string AmazonReceivable = "1160-00";

    private static readonly SettlementPostingOptions Posting = new() { ClearingAccount = Bank };

    private static readonly Dictionary<GlAccountKey, string> Accounts = new()
    {
        [new("Order", "ItemPrice", "Principal")] = AmazonReceivable,
        [new("Order", "ItemPrice", "Tax")] = AmazonReceivable,
        [new("Order", "ItemFees", "Commission")] = "6100-00",
        [new("Refund", "ItemPrice", "Principal")] = AmazonReceivable,
    };

    private static JournalEntryPost Entry(params (string Type, string AmountType, string Description, decimal Amount)[] lines) =>
        new("S-1", new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), "USD", lines.Sum(l => l.Amount),
            lines.Select((l, i) => new SettlementLine(i + 3, l.Type, l.AmountType, l.Description, l.Amount, null, null, null)).ToList());

    [Fact]
    public void Build_MappedLines_AggregatesPerKeyAndBalancesWithClearingLine()
    {
        var entry = Entry(("Order", "ItemPrice", "Principal", 100m), ("Order", "ItemFees", "Commission", -15m), ("Order", "ItemPrice", "Principal", 50.25m), ("Refund", "ItemPrice", "Principal", -20m));

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), Posting);

        Assert.True(journal.IsBalanced, journal.Failure);
        Assert.Equal(
            [
                new JournalLine(AmazonReceivable, -150.25m, "Settlement S-1 Order/ItemPrice/Principal"),
                new JournalLine("6100-00", 15m, "Settlement S-1 Order/ItemFees/Commission"),
                new JournalLine(AmazonReceivable, 20m, "Settlement S-1 Refund/ItemPrice/Principal"),
                new JournalLine(Bank, 115.25m, "Settlement S-1 USD deposit 2026-11-26"),
            ],
            journal.Lines);
    }

    [Fact]
    public void Build_OneOrder_PostsTheDocumentedDebitsAndCredits()
    {
        // The worked example of docs/inbound.md: one order, Amazon pays out 7.30.
        var accounts = new Dictionary<GlAccountKey, string>(Accounts) { [new("Order", "ItemFees", "FBAPerUnitFulfillmentFee")] = "6110-00" };
        var entry = Entry(
            ("Order", "ItemPrice", "Principal", 10.00m),
            ("Order", "ItemPrice", "Tax", 0.80m),
            ("Order", "ItemFees", "Commission", -1.50m),
            ("Order", "ItemFees", "FBAPerUnitFulfillmentFee", -2.00m));

        var journal = SettlementJournal.Build(entry, k => accounts.GetValueOrDefault(k), Posting);

        Assert.True(journal.IsBalanced, journal.Failure);
        Assert.Equal(7.30m, entry.Total);
        Assert.Equal(
            [
                (AmazonReceivable, 0m, 10.00m, "Order/ItemPrice/Principal"),
                (AmazonReceivable, 0m, 0.80m, "Order/ItemPrice/Tax"),
                ("6100-00", 1.50m, 0m, "Order/ItemFees/Commission"),
                ("6110-00", 2.00m, 0m, "Order/ItemFees/FBAPerUnitFulfillmentFee"),
                (Bank, 7.30m, 0m, "USD deposit 2026-11-26"),
            ],
            journal.Lines.Select(l => (l.AccountNumber, Debit: Math.Max(l.Amount, 0m), Credit: Math.Max(-l.Amount, 0m), l.Description["Settlement S-1 ".Length..])));
        Assert.Equal(10.80m, journal.Lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(-10.80m, journal.Lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
    }

    [Fact]
    public void Build_OneUnmappedLine_FailsNamingThatLineAndKey()
    {
        var entry = Entry(("Order", "ItemPrice", "Principal", 100m), ("Order", "ItemFees", "FBAPerUnitFulfillmentFee", -3.22m), ("Order", "ItemFees", "Commission", -15m));

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), Posting);

        Assert.False(journal.IsBalanced);
        Assert.Empty(journal.Lines);
        var unmapped = Assert.Single(journal.Unmapped);
        Assert.Equal(new UnmappedSettlementLine(4, new GlAccountKey("Order", "ItemFees", "FBAPerUnitFulfillmentFee")), unmapped);
        Assert.Contains("line 4 (Order/ItemFees/FBAPerUnitFulfillmentFee)", journal.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TotalDisagreesWithLines_FailsWithNumbers()
    {
        var entry = Entry(("Order", "ItemPrice", "Principal", 100m)) with { Total = 99.99m };

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), Posting);

        Assert.False(journal.IsBalanced);
        Assert.Contains("100.00", journal.Failure, StringComparison.Ordinal);
        Assert.Contains("99.99", journal.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AggregateNetsToZero_IsLeftOut()
    {
        var entry = Entry(("Order", "ItemPrice", "Principal", 10m), ("Order", "ItemFees", "Commission", -1.5m), ("Order", "ItemFees", "Commission", 1.5m));

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), Posting);

        Assert.DoesNotContain(journal.Lines, l => l.AccountNumber == "6100-00");
        Assert.Equal(0m, journal.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Build_DepositIsDebitedWithPlusTotal_ReportSignsReversed()
    {
        // Regression: the deposit used to post at −total (a credit to the bank) and the principal at +10 (a debit).
        var entry = Entry(("Order", "ItemPrice", "Principal", 10m), ("Order", "ItemFees", "Commission", -1.5m));

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), Posting);

        var deposit = journal.Lines[^1];
        Assert.Equal((Bank, 8.5m), (deposit.AccountNumber, deposit.Amount));
        Assert.Equal(entry.Total, deposit.Amount);
        Assert.Equal([-10m, 1.5m, 8.5m], journal.Lines.Select(l => l.Amount));
    }

    [Fact]
    public void Build_NegativeTotal_CreditsTheBank()
    {
        // Fees larger than sales: Amazon debits the seller's bank account, so the deposit line is a credit.
        var accounts = new Dictionary<GlAccountKey, string>(Accounts) { [new("other-transaction", "other-transaction", "Subscription Fee")] = "6200-00" };
        var entry = Entry(("Order", "ItemPrice", "Principal", 10m), ("other-transaction", "other-transaction", "Subscription Fee", -39.99m));

        var journal = SettlementJournal.Build(entry, k => accounts.GetValueOrDefault(k), Posting);

        Assert.True(journal.IsBalanced, journal.Failure);
        Assert.Equal(
            [(AmazonReceivable, -10m), ("6200-00", 39.99m), (Bank, -29.99m)],
            journal.Lines.Select(l => (l.AccountNumber, l.Amount)));
    }

    [Fact]
    public void Build_NoClearingAccount_Fails()
    {
        var journal = SettlementJournal.Build(Entry(("Order", "ItemPrice", "Principal", 10m)), k => Accounts.GetValueOrDefault(k), new SettlementPostingOptions());

        Assert.False(journal.IsBalanced);
        Assert.Contains("ClearingAccount", journal.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ResolverCalledOncePerKey()
    {
        var calls = 0;
        var entry = Entry(Enumerable.Repeat(("Order", "ItemPrice", "Principal", 1m), 500).ToArray());

        SettlementJournal.Build(entry, k => { calls++; return Accounts.GetValueOrDefault(k); }, Posting);

        Assert.Equal(1, calls);
    }
}
