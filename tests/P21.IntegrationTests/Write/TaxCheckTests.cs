using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.IntegrationTests.Write;

/// <summary>
/// The storefront's tax against the tax the sandbox's engine computed for the order it just took (IL 6.25 % on stock
/// lines): reported, or parked for review and accepted by a replay.
/// </summary>
public class TaxCheckTests
{
    private static Action<Dictionary<string, string?>> TaxCheck(bool park) => s =>
    {
        s["Writer:TaxCheck:Column"] = "tax_amount";
        s["Writer:TaxCheck:Tolerance"] = "0.05";
        s["Writer:TaxCheck:ParkForReview"] = park ? "true" : "false";
    };

    // Two lines of 4.25 shipped to Springfield, IL: the sandbox charges 6.25 % of 8.50 = 0.53.
    private static SalesOrderCreate Order(WriteSandbox s, string id, decimal storefrontTax) =>
        s.Order(id, (s.Facts.Items[0], 2)) with { Totals = new OrderTotals(8.50m, 0m, storefrontTax, 0m, 8.50m + storefrontTax) };

    [Fact]
    public async Task StorefrontTaxWithinTolerance_CommittedWithoutANotice()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(settings: TaxCheck(park: true));

        WriteOutcome outcome = await s.SendAsync(WriteSandbox.Command(Order(s, "T-1", 0.55m), "T-1"));

        var committed = Assert.IsType<WriteOutcome.Committed>(outcome);
        List<P21Row> headers = [];
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("oe_hdr", Filter: $"order_no eq '{committed.P21Key}'", OrderBy: ["order_no"])))
        {
            headers.Add(row);
        }

        Assert.Equal(0.53m, Assert.Single(headers).GetDecimal("tax_amount"));
        Assert.DoesNotContain(committed.Notices ?? [], n => n.Contains("tax", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StorefrontTaxDiffers_ReportedOnTheResult()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(settings: TaxCheck(park: false));

        var committed = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(WriteSandbox.Command(Order(s, "T-2", 0m), "T-2")));

        Assert.Contains(committed.Notices!, n => n == $"tax differs: the storefront charged 0.00, P21 computed 0.53 (tolerance 0.05) on P21 order {committed.P21Key}");
    }

    [Fact]
    public async Task StorefrontTaxDiffers_ParkedForReview_ReplayAcceptsIt_OneP21Order()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(settings: TaxCheck(park: true));
        WriteCommand command = WriteSandbox.Command(Order(s, "T-3", 0m), "T-3");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));
        Assert.Contains("but tax differs: the storefront charged 0.00, P21 computed 0.53 (tolerance 0.05); review the order's tax in P21, then replay", parked.Reason, StringComparison.Ordinal);

        var replay = await s.ParkedRecords.ReplayAsync("main", Connector.Storage.ParkedRecord.IdFor(command.IdempotencyKey));

        Assert.True(replay.Succeeded, replay.Error ?? replay.Outcome?.ToString());
        Assert.Equal(1, await s.CountOrdersAsync("T-3"));
    }
}
