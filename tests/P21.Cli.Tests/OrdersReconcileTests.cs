using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace P21.Cli.Tests;

/// <summary>
/// <c>orders reconcile</c> against the sandbox, with the recent-orders list in Azurite (P21_TEST_STORAGE): an order is
/// submitted, then changed in P21 through the sandbox's control endpoints, the way a person at P21 would change it.
/// </summary>
public sealed class OrdersReconcileTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", TestFiles.WriterSettings()];

    private static string NewConnection() => "c" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task OrdersReconcile_QuantityChangedInP21_ReportsTheDifferenceAndExits1()
    {
        string connection = NewConnection();
        string item = await sandbox.FirstItemAsync();
        long orderId = TestFiles.NewOrderId();
        CliResult submitted = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", TestFiles.ShopifyOrder(orderId, (item, 4m, 3)), "--json", .. Options(connection)]);
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.ToString());
        string orderNo = JsonDocument.Parse(submitted.Output).RootElement.GetProperty("p21Key").GetString()!;

        CliResult before = await CliRun.RunAsync(["orders", "reconcile", "--since", "1h", .. Options(connection)]);

        Assert.True(before.ExitCode == ExitCodes.Ok, before.ToString());
        Assert.Contains("reconciled 1 order(s)", before.Output);
        Assert.Contains("1 match", before.Output);
        Assert.Contains("no differences", before.Output);
        Assert.Contains("storefront tax 0.00, P21 computes its own", before.Output);

        JsonElement line = (await sandbox.ODataAsync($"oe_line?$filter=order_no eq '{orderNo}' and user_line_no eq 10")).Single();
        await PutRowAsync("oe_line", new { order_no = orderNo, line_no = line.GetProperty("line_no").GetDecimal(), unit_quantity = 5, qty_ordered = 5, extended_price = 20 });

        CliResult after = await CliRun.RunAsync(["orders", "reconcile", "--since", "1h", .. Options(connection)]);
        CliResult json = await CliRun.RunAsync(["orders", "reconcile", "--since", DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), "--json", .. Options(connection)]);

        Assert.True(after.ExitCode == ExitCodes.Failure, after.ToString());
        Assert.Contains($"line 010 ({item}) quantity", after.Output);
        Assert.Contains($"line 010 ({item}) extended price", after.Output);
        Assert.Contains("1 differ", after.Output);
        Assert.Contains("3 difference(s)", after.Output);
        Assert.Equal(ExitCodes.Failure, json.ExitCode);
        using JsonDocument report = JsonDocument.Parse(json.Output);
        Assert.Equal(3, report.RootElement.GetProperty("differenceCount").GetInt32());
        JsonElement order = report.RootElement.GetProperty("orders").EnumerateArray().Single();
        Assert.Equal(("Differs", orderNo), (order.GetProperty("status").GetString(), order.GetProperty("p21OrderNo").GetString()));
        JsonElement quantity = order.GetProperty("differences").EnumerateArray().First(d => d.GetProperty("what").GetString()!.EndsWith("quantity", StringComparison.Ordinal));
        Assert.Equal(("3", "5"), (quantity.GetProperty("storefront").GetString(), quantity.GetProperty("p21").GetString()));
        JsonElement total = order.GetProperty("differences").EnumerateArray().Single(d => d.GetProperty("what").GetString() == "order total");
        Assert.Equal(("24.50 planned", "32.50"), (total.GetProperty("storefront").GetString(), total.GetProperty("p21").GetString()));
    }

    [Fact]
    public async Task OrdersReconcile_ParkedOrder_IsReportedAsNotInP21()
    {
        string connection = NewConnection();
        long orderId = TestFiles.NewOrderId();
        CliResult submitted = await CliRun.RunAsync(["orders", "submit", "--source", "shopify", "--file", TestFiles.ShopifyOrder(orderId, ("NO-SUCH-SKU", 2m, 1)), .. Options(connection)]);
        Assert.Equal(ExitCodes.Failure, submitted.ExitCode);

        CliResult result = await CliRun.RunAsync(["orders", "reconcile", "--since", "7d", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Contains("the writer parks it: unknown SKU NO-SUCH-SKU (line 1)", result.Output);
        Assert.Contains("missing in P21; parked (p21 parked show", result.Output);
        Assert.Contains("1 parked", result.Output);
        Assert.Contains("1 difference(s)", result.Output);
    }

    [Fact]
    public async Task OrdersReconcile_NothingSince_SaysWhereItLookedAndExits0()
    {
        CliResult result = await CliRun.RunAsync(["orders", "reconcile", "--since", "2026-01-01", .. Options(NewConnection())]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("no orders accepted since 2026-01-01T00:00:00Z", result.Output);
        Assert.Contains("reconciled 0 order(s)", result.Output);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("7 weeks")]
    [InlineData("03/01/2026")]
    public async Task OrdersReconcile_BadSince_IsAUsageErrorNamingTheAcceptedForms(string since)
    {
        CliResult result = await CliRun.RunAsync(["orders", "reconcile", "--since", since, .. Options(NewConnection())]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--since '{since}' is not a date or a duration", result.All);
        Assert.Contains("2026-03-01T08:00:00Z", result.All);
        Assert.Contains("7d, 24h, 90m", result.All);
    }

    private async Task PutRowAsync<T>(string table, T row)
    {
        using var http = new HttpClient { BaseAddress = sandbox.Host.BaseAddress };
        using HttpResponseMessage response = await http.PutAsJsonAsync("_sandbox/rows/" + table, row);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
