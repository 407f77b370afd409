using P21.Connector.Commands;
using P21.Connector.Settle;

namespace P21.Connector.Tests.Settle;

public class SettlementJournalTests
{
    private static readonly SettlementPostingOptions Posting = new() { ClearingAccount = "1150-00" };

    private static readonly Dictionary<GlAccountKey, string> Accounts = new()
    {
        [new("Order", "ItemPrice", "Principal")] = "4000-00",
        [new("Order", "ItemFees", "Commission")] = "6100-00",
        [new("Refund", "ItemPrice", "Principal")] = "4050-00",
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
                new JournalLine("4000-00", 150.25m, "Settlement S-1 Order/ItemPrice/Principal"),
                new JournalLine("6100-00", -15m, "Settlement S-1 Order/ItemFees/Commission"),
                new JournalLine("4050-00", -20m, "Settlement S-1 Refund/ItemPrice/Principal"),
                new JournalLine("1150-00", -115.25m, "Settlement S-1 USD deposit 2026-11-26"),
            ],
            journal.Lines);
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
    public void Build_InvertSigns_FlipsEveryLine()
    {
        var entry = Entry(("Order", "ItemPrice", "Principal", 10m), ("Order", "ItemFees", "Commission", -1.5m));

        var journal = SettlementJournal.Build(entry, k => Accounts.GetValueOrDefault(k), new SettlementPostingOptions { ClearingAccount = "1150-00", InvertSigns = true });

        Assert.Equal([-10m, 1.5m, 8.5m], journal.Lines.Select(l => l.Amount));
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
