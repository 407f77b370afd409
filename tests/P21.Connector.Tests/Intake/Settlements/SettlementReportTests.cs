using System.Text;

using P21.Connector.Intake.Settlements;
using P21.Connector.Tests.Intake;
using P21.Connector.Write.Journal;

namespace P21.Connector.Tests.Intake.Settlements;

public class SettlementReportTests
{
    private static readonly string Sample = Samples.Text("amazon-settlement-v2.tsv");

    [Fact]
    public void Parse_Sample_ReadsSummaryAndEveryAmountRow()
    {
        var result = SettlementReport.Parse(new StringReader(Sample));

        Assert.True(result.IsValid, result.Detail);
        var entry = result.Entry!;
        Assert.Equal("24419588741", entry.SettlementId);
        Assert.Equal(36.87m, entry.Total);
        Assert.Equal("USD", entry.Currency);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), entry.DepositDate);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero), entry.StartDate);
        Assert.Equal(11, entry.Lines.Count);
        Assert.Equal(entry.Total, entry.Lines.Sum(l => l.Amount));
        var first = entry.Lines[0];
        Assert.Equal((3, "Order", "ItemPrice", "Principal", 37.98m, "114-3941689-8772232", "CAP-45-5-440", "2026-11-20"),
            (first.LineNumber, first.TransactionType, first.AmountType, first.AmountDescription, first.Amount, first.OrderId, first.Sku, first.PostedDate));
        Assert.Null(entry.Lines[^1].OrderId);
    }

    [Fact]
    public void Parse_BomLfAndStream_GivesSameResultAsCrlf()
    {
        var lf = "\uFEFF" + Sample.Replace("\r\n", "\n", StringComparison.Ordinal);
        using var stream = new MemoryStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Sample)]);

        var fromLf = SettlementReport.Parse(new StringReader(lf));
        var fromStream = SettlementReport.Parse(stream);

        var expected = SettlementReport.Parse(new StringReader(Sample)).Entry!;
        Assert.Equal(expected.Lines, fromLf.Entry!.Lines);
        Assert.Equal(expected.Lines, fromStream.Entry!.Lines);
    }

    [Fact]
    public void Parse_QuotedValuesAndTrimmedTrailingTabs_AreTolerated()
    {
        var text = string.Join('\n', Sample.Split("\r\n").Select(line => line.TrimEnd('\t')))
            .Replace("\tOrder\t", "\t\"Order\"\t", StringComparison.Ordinal);

        var result = SettlementReport.Parse(new StringReader(text));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("Order", result.Entry!.Lines[0].TransactionType);
    }

    [Fact]
    public void Parse_TotalDiffersFromSum_FailsWithBothNumbers()
    {
        var text = Sample.Replace("\t36.87\tUSD", "\t40.00\tUSD", StringComparison.Ordinal);

        var result = SettlementReport.Parse(new StringReader(text));

        Assert.False(result.IsValid);
        Assert.Contains("total-amount", result.Errors.Keys);
        Assert.Contains("40.00", result.Detail, StringComparison.Ordinal);
        Assert.Contains("36.87", result.Detail, StringComparison.Ordinal);
        Assert.Contains("3.13", result.Errors["total-amount"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommaDecimal_FailsNamingTheLine()
    {
        var text = Sample.Replace("\t-15.00\t", "\t-15,00\t", StringComparison.Ordinal);

        var result = SettlementReport.Parse(new StringReader(text));

        var error = Assert.Single(result.Errors);
        Assert.Equal("line 8: amount", error.Key);
        Assert.Contains("','", error.Value[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherCurrencyOnARow_Fails()
    {
        var lines = Sample.Split("\r\n");
        var cells = lines[4].Split('\t');
        cells[5] = "CAD";
        lines[4] = string.Join('\t', cells);

        var result = SettlementReport.Parse(new StringReader(string.Join("\r\n", lines)));

        Assert.Contains("line 5: currency", result.Errors.Keys);
    }

    [Fact]
    public void Parse_TwoSettlementsInOneFile_Fails()
    {
        var lines = Sample.Split("\r\n");
        lines[6] = lines[6].Replace("24419588741", "24419588999", StringComparison.Ordinal);

        var result = SettlementReport.Parse(new StringReader(string.Join("\r\n", lines)));

        Assert.Contains("line 7: settlement-id", result.Errors.Keys);
    }

    [Theory]
    [InlineData("", "line 1")]
    [InlineData("order-id\tsku\n", "line 1")]
    public void Parse_NotASettlementFile_FailsOnHeader(string text, string key)
    {
        var result = SettlementReport.Parse(new StringReader(text));

        Assert.False(result.IsValid);
        Assert.Contains(key, result.Errors.Keys);
    }

    [Fact]
    public void Parse_SummaryWithoutSettlementId_Fails()
    {
        var lines = Sample.Split("\r\n");
        lines[1] = lines[1][lines[1].IndexOf('\t', StringComparison.Ordinal)..];

        var result = SettlementReport.Parse(new StringReader(string.Join("\r\n", lines)));

        Assert.Contains("line 2: settlement-id", result.Errors.Keys);
    }

    [Fact]
    public void Parse_EuDateFormat_IsRead()
    {
        var text = Sample.Replace("2026-11-26 08:00:00 UTC", "26.11.2026 08:00:00 UTC", StringComparison.Ordinal);

        var result = SettlementReport.Parse(new StringReader(text));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), result.Entry!.DepositDate);
    }

    [Fact]
    public void Parse_TenThousandLines_BuildsOneBalancedJournal()
    {
        var text = SettlementFiles.Generate(10_000);

        var result = SettlementReport.Parse(new StringReader(text));
        var journal = SettlementJournal.Build(result.Entry!, key => $"4{Array.IndexOf(SettlementFiles.Keys, (key.TransactionType, key.AmountType, key.AmountDescription)):000}-00", new SettlementPostingOptions { ClearingAccount = "1150-00" });

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(10_000, result.Entry!.Lines.Count);
        Assert.True(journal.IsBalanced, journal.Failure);
        Assert.Equal(0m, journal.Lines.Sum(l => l.Amount));
        Assert.Equal(SettlementFiles.Keys.Length + 1, journal.Lines.Count);
        Assert.Equal(result.Entry.Total, journal.Lines.Single(l => l.AccountNumber == "1150-00").Amount); // the deposit is a debit of +total
    }
}
