using System.Text;

using P21.Connector.Commands;
using P21.Connector.Tests.Intake;

namespace P21.Connector.Tests.Intake.Settlements;

public class SettlementIntakeTests
{
    [Theory]
    [InlineData("text/tab-separated-values")]
    [InlineData("text/plain; charset=utf-8")]
    public async Task AcceptAsync_AmazonFlatFile_EnqueuesJournalEntryPost(string contentType)
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Amazon("settlements", Samples.Bytes("amazon-settlement-v2.tsv"), contentType)), fx.Queue);

        Assert.Equal("amazon:JournalEntry.Post:24419588741", command.IdempotencyKey);
        var entry = Assert.IsType<JournalEntryPost>(command.Payload);
        Assert.Equal((36.87m, 11), (entry.Total, entry.Lines.Count));
        Assert.Empty(await fx.Recent.LatestAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptAsync_FlatFileTotalMismatch_Returns422WithNumbers()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(Samples.Text("amazon-settlement-v2.tsv").Replace("\t36.87\tUSD", "\t36.88\tUSD", StringComparison.Ordinal));

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.Amazon("settlements", body, "text/tab-separated-values")), fx.Queue, 422, "total-amount");

        Assert.Contains("36.88", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("36.87", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_GenericJsonSettlement_EnqueuesJournalEntryPost()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("settlements", Samples.Bytes("generic-settlement.json"))), fx.Queue);

        var entry = Assert.IsType<JournalEntryPost>(command.Payload);
        Assert.Equal("generic:JournalEntry.Post:shopify-payout-118822", command.IdempotencyKey);
        Assert.Equal(1204.31m, entry.Total);
        Assert.Equal([1, 2, 3], entry.Lines.Select(l => l.LineNumber));
    }

    [Fact]
    public async Task AcceptAsync_GenericSettlementTotalMismatch_Returns422()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(Samples.Text("generic-settlement.json").Replace("1204.31", "1204.30", StringComparison.Ordinal));

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.Generic("settlements", body)), fx.Queue, 422, "total");

        Assert.Contains("1204.31", problem.Errors["total"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_SettlementAsXml_Returns415()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(await fx.SendAsync(fx.Amazon("settlements", "<x/>"u8.ToArray(), "application/xml")), fx.Queue, 415, "Content-Type");
    }

    [Fact]
    public async Task AcceptAsync_LargeSettlement_UsesSettlementLimitNotJsonLimit()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(SettlementFiles.Generate(10_000));
        Assert.True(body.Length > fx.Options_.MaxBodyBytes);

        IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Amazon("settlements", body, "text/tab-separated-values")), fx.Queue);
    }
}
