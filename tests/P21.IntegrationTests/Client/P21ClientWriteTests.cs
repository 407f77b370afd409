using System.Net.Http.Json;
using System.Text.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

public class P21ClientWriteTests
{
    [Fact]
    public async Task SubmitTransactionAsync_OrderCreate_ReturnsGeneratedOrderNoThatReadsBack()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);

        TransactionResult result = await p21.Client.SubmitTransactionAsync(inputs.Order("WEB-1001"));

        string? orderNo = result.FindValue("order_no");
        Assert.False(string.IsNullOrEmpty(orderNo));
        Assert.Equal(1, result.Summary!.Succeeded);
        using JsonDocument? order = await p21.Client.GetSalesOrderAsync(orderNo);
        Assert.NotNull(order);
        Assert.Contains(orderNo, order.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTransactionAsync_CreatedOrder_ReadsBackByKey()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);
        string orderNo = (await p21.Client.SubmitTransactionAsync(inputs.Order("WEB-1003"))).FindValue("order_no")!;

        TransactionGetResult readBack = await p21.Client.GetTransactionAsync(TransactionGetRequest.ByKey("Order", "TABPAGE_1.order", "order_no", orderNo));

        // P21 answers the read at the top level (no Results envelope); the key comes back in the header's edits.
        Assert.Single(readBack.Transactions!);
        Assert.Null(readBack.Results);
        string? readOrderNo = readBack.FindValue("order_no", "TABPAGE_1.order");
        Assert.Equal(orderNo, readOrderNo);
    }

    [Fact]
    public async Task SubmitTransactionAsync_MissingCustomer_ThrowsRejectedWithP21MessagesUnchanged()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);
        TransactionRequest request = inputs.Order("WEB-1002", customerId: "");

        P21TransactionRejectedException ex = await Assert.ThrowsAsync<P21TransactionRejectedException>(() => p21.Client.SubmitTransactionAsync(request));

        Assert.False(ex.IsTransient);
        Assert.Equal("Order", ex.Service);
        string message = Assert.Single(ex.Messages);
        Assert.StartsWith("Transaction 1:: ", message, StringComparison.Ordinal);
        Assert.Contains("Customer ID", message, StringComparison.Ordinal);
        Assert.Equal([message], ex.MessagesByTransaction[1]);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, p21.Host.Stats.Requests("transaction")); // a rejected write is never retried
    }

    [Fact]
    public async Task SubmitTransactionAsync_MixedBatch_RejectsButKeepsThePassedOrderNo()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);
        P21Transaction good = inputs.Order("WEB-2001").Transactions[0];
        P21Transaction bad = inputs.Order("WEB-2002", itemId: "NO-SUCH-ITEM").Transactions[0];

        P21TransactionRejectedException ex = await Assert.ThrowsAsync<P21TransactionRejectedException>(() =>
            p21.Client.SubmitTransactionAsync(new TransactionRequest("Order", [good, bad])));

        Assert.Equal(1, ex.Result.Summary!.Succeeded);
        Assert.Equal(1, ex.Result.Summary.Failed);
        Assert.False(string.IsNullOrEmpty(ex.Result.FindValue("order_no")));
        Assert.True(ex.MessagesByTransaction.ContainsKey(2));
    }

    [Fact]
    public async Task SubmitTransactionAsync_ServerFailing_IsTransientAndNotRetried()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);
        await p21.Client.GetUiServerAsync();
        p21.Host.Faults.ErrorRate = 1.0;

        P21RequestFailedException ex = await Assert.ThrowsAsync<P21RequestFailedException>(() => p21.Client.SubmitTransactionAsync(inputs.Order("WEB-3001")));

        Assert.True(ex.IsTransient);
        Assert.Equal(1, p21.Host.Stats.Requests("transaction"));
    }

    [Fact]
    public async Task GetTransactionDefinitionAsync_KnownAndUnknownService()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        using JsonDocument definition = await p21.Client.GetTransactionDefinitionAsync("Order");
        P21RequestFailedException ex = await Assert.ThrowsAsync<P21RequestFailedException>(() => p21.Client.GetTransactionDefinitionAsync("NoSuchWindow"));

        Assert.Contains("TABPAGE_1.order", definition.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(500, ex.Status);
        Assert.False(ex.IsTransient);
        Assert.Contains("NoSuchWindow", ex.P21Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostJournalAsync_Balanced_AssignsOneNumberThatReadsBack()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        GlPostResult posted = await p21.Client.PostJournalAsync(Journal(125.50m, -125.50m));
        IReadOnlyList<GlLine> lines = await p21.Client.GetJournalAsync(posted.TransactionNumber);

        Assert.Equal(2, posted.Lines.Count);
        Assert.All(posted.Lines, l => Assert.Equal(posted.TransactionNumber, l.TransactionNumber));
        Assert.Equal([125.50m, -125.50m], lines.Select(l => l.Amount));
        Assert.All(lines, l => Assert.True(l.Approved));
        Assert.Equal(new DateOnly(2026, 2, 27), lines[0].TransactionDate);
    }

    [Fact]
    public async Task PostJournalAsync_Unbalanced_ThrowsPermanentWithP21Message()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        P21RequestFailedException ex = await Assert.ThrowsAsync<P21RequestFailedException>(() => p21.Client.PostJournalAsync(Journal(100m, -99.99m)));

        Assert.False(ex.IsTransient);
        Assert.Equal(500, ex.Status);
        Assert.Equal("Records do not balance", ex.P21Message);
        Assert.Equal("P21.Business.Common.BusinessException", ex.ErrorCode);
        Assert.Equal(1, p21.Host.Stats.Requests("gl"));
    }

    [Fact]
    public async Task GetJournalAsync_UnknownNumber_IsEmpty()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        Assert.Empty(await p21.Client.GetJournalAsync("987654"));
    }

    [Fact]
    public async Task GetSalesOrderAsync_UnknownOrder_IsNull()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 1 });

        Assert.Null(await p21.Client.GetSalesOrderAsync("99999999"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_TokenInvalidatedByAnotherLogin_ReMintsOnceAndWritesOnce()
    {
        var options = new SandboxOptions { Customers = 5, InvalidateOlderTokensOnLogin = true };
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(options);
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);
        long mintsBefore = p21.TokenRequests;
        using (var other = new HttpClient { BaseAddress = p21.Host.BaseAddress })
        {
            using HttpResponseMessage login = await other.PostAsJsonAsync("api/security/token/v2", new { username = options.UserName, password = options.Password });
            login.EnsureSuccessStatusCode();
        }

        // A write is never retried, but a 401 means P21 did not run it: the one re-mint re-sends it safely.
        TransactionResult result = await p21.Client.SubmitTransactionAsync(inputs.Order("WEB-1005"));

        Assert.False(string.IsNullOrEmpty(result.FindValue("order_no")));
        Assert.Equal(mintsBefore + 2, p21.TokenRequests); // the other login + exactly one re-mint
        Assert.Equal(1, await p21.Client.CountAsync("oe_hdr", "web_reference_no eq 'WEB-1005'"));
    }

    [Theory]
    [InlineData(P21.Connector.Connections.P21AuthMode.UserPassword)]
    [InlineData(P21.Connector.Connections.P21AuthMode.ConsumerKey)]
    public async Task EveryFamily_SendsAcceptJson(P21.Connector.Connections.P21AuthMode authMode)
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 }, authMode);
        OrderInputs inputs = await OrderInputs.ReadAsync(p21.Client);

        string orderNo = (await p21.Client.SubmitTransactionAsync(inputs.Order("WEB-1004"))).FindValue("order_no")!;
        Assert.Null((await p21.Client.GetTransactionAsync(TransactionGetRequest.ByKey("Order", "TABPAGE_1.order", "order_no", "99999999"))).FindValue("order_no"));
        (await p21.Client.GetTransactionDefinitionAsync("Order")).Dispose();
        (await p21.Client.GetMetadataAsync(ODataSurface.Table)).Dispose();
        Assert.Equal(5, await p21.Client.CountAsync("customer", null));
        using JsonDocument? order = await p21.Client.GetSalesOrderAsync(orderNo);
        GlPostResult posted = await p21.Client.PostJournalAsync(Journal(10m, -10m));
        Assert.Equal(2, (await p21.Client.GetJournalAsync(posted.TransactionNumber)).Count);

        // Tokens and $metadata answer JSON here whatever the header; the count catches a call that relies on that.
        Assert.Empty(p21.Host.Stats.RequestsWithoutJsonAccept);
        Assert.All(new[] { "token", "router", "odata", "transaction", "uiserver", "gl", "sales-orders" }, family => Assert.True(p21.Host.Stats.Requests(family) > 0, family));
    }

    private static GlLine[] Journal(decimal debit, decimal credit) =>
    [
        new GlLine { CompanyNo = "ACME", AccountNumber = "1000-00", Period = 2, YearForPeriod = 2026, JournalId = "GJ", Amount = debit, Description = "web settlement", Source = "connector", TransactionDate = new DateOnly(2026, 2, 27) },
        new GlLine { CompanyNo = "ACME", AccountNumber = "4000-00", Period = 2, YearForPeriod = 2026, JournalId = "GJ", Amount = credit, Description = "web settlement", Source = "connector", TransactionDate = new DateOnly(2026, 2, 27) },
    ];

    /// <summary>Real keys read from the sandbox over OData, so orders reference what exists.</summary>
    private sealed record OrderInputs(string CustomerId, string ShipToId, string LocationId, string ItemId)
    {
        public static async Task<OrderInputs> ReadAsync(P21Client client)
        {
            P21Row shipTo = await FirstAsync(client.QueryAsync(new ODataQuery("ship_to", Filter: "delete_flag eq 'N'", OrderBy: ["company_id", "ship_to_id"], PageSize: 1)));
            P21Row location = await FirstAsync(client.QueryAsync(new ODataQuery("location", Filter: $"company_id eq {ODataLiterals.String(shipTo.GetString("company_id")!)}", OrderBy: ["location_id"], PageSize: 1)));
            P21Row item = await FirstAsync(client.QueryAsync(new ODataQuery("inv_mast", Filter: "delete_flag eq 'N'", OrderBy: ["inv_mast_uid"], PageSize: 1)));
            return new OrderInputs(
                shipTo.GetInt64("customer_id").ToString(System.Globalization.CultureInfo.InvariantCulture),
                shipTo.GetInt64("ship_to_id").ToString(System.Globalization.CultureInfo.InvariantCulture),
                location.GetInt64("location_id").ToString(System.Globalization.CultureInfo.InvariantCulture),
                item.GetString("item_id")!);
        }

        public TransactionRequest Order(string webReference, string? customerId = null, string? itemId = null) => TransactionRequest.Single(
            "Order",
            DataElement.Form(
                "TABPAGE_1.order",
                new FieldEdit("customer_id", customerId ?? CustomerId),
                new FieldEdit("sales_loc_id", LocationId),
                new FieldEdit("source_loc_id", LocationId),
                new FieldEdit("ship_to_id", ShipToId),
                new FieldEdit("po_no", webReference),
                new FieldEdit("web_reference_no", webReference)),
            DataElement.List(
                "TP_ITEMS.items",
                ["user_line_no"],
                new DataElementRow([new FieldEdit("oe_order_item_id", itemId ?? ItemId), new FieldEdit("unit_quantity", "2"), new FieldEdit("user_line_no", "10")])));

        private static async Task<P21Row> FirstAsync(IAsyncEnumerable<P21Row> rows)
        {
            await foreach (P21Row row in rows)
            {
                return row;
            }

            throw new InvalidOperationException("The sandbox has no such row.");
        }
    }
}
