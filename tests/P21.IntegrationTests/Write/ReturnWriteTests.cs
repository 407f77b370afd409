using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.IntegrationTests.Write;

/// <summary>Return.Create through the writer against the sandbox's RMA service over loopback HTTP.</summary>
public sealed class ReturnWriteTests
{
    [Fact]
    public async Task ReturnCreate_AgainstCreatedOrder_RmaOnceWithPositiveQuantities_StockBackOnReceipt()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        string item = s.Facts.Items[0];
        Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(WriteSandbox.Command(s.Order("W-R1", (item, 3)), "W-R1")));
        decimal onHandBefore = await OnHandAsync(s, item);
        WriteCommand command = WriteSandbox.Command(new ReturnCreate("R-1", "W-R1", [new ReturnLine(item, 2, 4.25m, "damaged")], null), "R-1");

        var committed = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(command));
        WriteOutcome again = await s.SendAsync(command, 2);

        Assert.Equal(committed.P21Key, Assert.IsType<WriteOutcome.Duplicate>(again).P21Key);
        Assert.Equal(1, await s.CountOrdersAsync("RMA-R-1"));
        P21Row header = await FirstAsync(s.Client, new ODataQuery("oe_hdr", Filter: $"order_no eq {ODataLiterals.String(committed.P21Key)}", OrderBy: ["order_no"]));
        Assert.Equal("Y", header.GetString("rma_flag"));
        Assert.Equal("W-R1", header.GetString("po_no"));
        P21Row line = await FirstAsync(s.Client, new ODataQuery("oe_line", Filter: $"order_no eq {ODataLiterals.String(committed.P21Key)}", OrderBy: ["line_no"]));
        Assert.Equal(2m, line.GetDecimal("qty_ordered"));
        Assert.Equal(0m, line.GetDecimal("qty_allocated"));
        Assert.Equal(onHandBefore, await OnHandAsync(s, item));

        using var http = new HttpClient { BaseAddress = s.Connection.Host.BaseAddress };
        using HttpResponseMessage received = await http.PostAsync($"/_sandbox/rmas/{committed.P21Key}/receive", null);
        received.EnsureSuccessStatusCode();
        Assert.Equal(onHandBefore + 2m, await OnHandAsync(s, item));
    }

    [Fact]
    public async Task ReturnCreate_FbaCustomerReturn_BookedAtTheMarketplaceLocation_StockBackThereOnReceipt()
    {
        // The FBA location is any location other than the default one; a first sandbox says which.
        string? fba = null;
        await using (WriteSandbox probe = await WriteSandbox.StartAsync())
        {
            await foreach (P21Row row in probe.Client.QueryAsync(new ODataQuery("location", Filter: $"location_id ne {probe.Facts.LocationId}", OrderBy: ["location_id"])))
            {
                fba = row.GetInt64("location_id").ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
        }

        Assert.NotNull(fba);
        await using WriteSandbox f = await WriteSandbox.StartAsync(settings: v => v["Writer:MarketplaceLocationId"] = fba);
        string item = f.Facts.Items[0];
        SalesOrderCreate order = f.Order("113-0000001-0000001", (item, 2)) with { Standing = new OrderStanding("Shipped", PaymentState.Paid, FulfilledByMarketplace: true) };
        Assert.IsType<WriteOutcome.Committed>(await f.SendAsync(WriteSandbox.Command(order, "113-0000001-0000001", "amazon")));
        decimal defaultBefore = await OnHandAsync(f, item), fbaBefore = await OnHandAsync(f, item, fba);
        var fbaReturn = new ReturnCreate("113-0000001-0000001-LPNRR000000011", "113-0000001-0000001", [new ReturnLine(item, 1, null, "UNWANTED_ITEM, SELLABLE")], null, FulfilledByMarketplace: true);

        var committed = Assert.IsType<WriteOutcome.Committed>(await f.SendAsync(WriteSandbox.Command(fbaReturn, fbaReturn.ExternalReturnId, "amazon")));

        P21Row header = await FirstAsync(f.Client, new ODataQuery("oe_hdr", Filter: $"order_no eq {ODataLiterals.String(committed.P21Key)}", OrderBy: ["order_no"]));
        Assert.Equal(fba, header.GetInt64("location_id").ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = f.Connection.Host.BaseAddress };
        using HttpResponseMessage received = await http.PostAsync($"/_sandbox/rmas/{committed.P21Key}/receive", null);
        received.EnsureSuccessStatusCode();
        Assert.Equal((defaultBefore, fbaBefore + 1m), (await OnHandAsync(f, item), await OnHandAsync(f, item, fba)));
    }

    [Fact]
    public async Task ReturnCreate_FbaReturnWithoutMarketplaceLocation_ParkedNamingTheSetting()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var fbaReturn = new ReturnCreate("R-FBA", "113-0000002-0000002", [new ReturnLine(s.Facts.Items[0], 1, null, null)], null, FulfilledByMarketplace: true);

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(WriteSandbox.Command(fbaReturn, "R-FBA", "amazon")));

        Assert.Contains("Writer:MarketplaceLocationId is not set", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnCreate_OrderNotInP21_ParkedCreateFirst()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        WriteCommand command = WriteSandbox.Command(new ReturnCreate("R-2", "W-NOPE", [new ReturnLine(s.Facts.Items[0], 1, null, null)], null), "R-2");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));

        Assert.Contains("W-NOPE is not in P21", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await s.CountOrdersAsync("RMA-R-2"));
    }

    [Fact]
    public async Task RmaService_ZeroQuantity_FailsLikeOrderEntry()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        TransactionRequest request = TransactionRequest.Single(
            "RMA",
            DataElement.Form("TABPAGE_1.order", new FieldEdit("customer_id", s.Facts.CustomerId), new FieldEdit("ship_to_id", s.Facts.CustomerId), new FieldEdit("sales_loc_id", s.Facts.LocationId)),
            DataElement.List("TP_ITEMS.items", [], new DataElementRow([new FieldEdit("oe_order_item_id", s.Facts.Items[0]), new FieldEdit("unit_quantity", "0")])));

        var rejected = await Assert.ThrowsAsync<P21TransactionRejectedException>(() => s.Client.SubmitTransactionAsync(request));

        Assert.Contains("Quantity must be greater than zero.", string.Join(" ", rejected.Messages), StringComparison.Ordinal);
    }

    private static async Task<decimal> OnHandAsync(WriteSandbox s, string itemId, string? locationId = null) =>
        (await FirstAsync(s.Client, new ODataQuery("inv_loc", Filter: $"item_id eq {ODataLiterals.String(itemId)} and location_id eq {locationId ?? s.Facts.LocationId}", OrderBy: ["inv_mast_uid"]))).GetDecimal("qty_on_hand");

    private static async Task<P21Row> FirstAsync(P21Client client, ODataQuery query)
    {
        await foreach (P21Row row in client.QueryAsync(query))
        {
            return row;
        }

        throw new InvalidOperationException($"no {query.Name} row");
    }
}
