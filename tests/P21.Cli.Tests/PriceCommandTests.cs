using System.Net.Http.Json;
using System.Text.Json;

namespace P21.Cli.Tests;

/// <summary><c>p21 price</c> against the sandbox's price engine over real HTTP.</summary>
public sealed class PriceCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Item = "PRICE-CLI-1";

    private async Task PricedItemAsync()
    {
        using var http = new HttpClient { BaseAddress = sandbox.Host.BaseAddress };
        using var item = await http.PutAsJsonAsync("_sandbox/rows/inv_mast", new Dictionary<string, object>
        {
            ["inv_mast_uid"] = 960_001,
            ["item_id"] = Item,
            ["item_desc"] = "CLI price",
            ["default_selling_unit"] = "EA",
            ["base_unit"] = "EA",
            ["price1"] = 8m,
            ["delete_flag"] = "N",
        });
        Assert.True(item.IsSuccessStatusCode, await item.Content.ReadAsStringAsync());
        using var page = await http.PutAsJsonAsync("_sandbox/rows/price_page", new Dictionary<string, object>
        {
            ["price_page_uid"] = 960_001,
            ["price_page_type_cd"] = 211,
            ["customer_id"] = 100_001,
            ["inv_mast_uid"] = 960_001,
            ["calculation_method_cd"] = 2,
            ["break1"] = 10m,
            ["calculation_value1"] = 7.5m,
            ["calculation_value2"] = 7m,
            ["row_status_flag"] = 704,
        });
        Assert.True(page.IsSuccessStatusCode, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Price_CustomerPageWithBreaks_PrintsTheRungForTheQuantity()
    {
        await PricedItemAsync();

        CliResult one = await CliRun.RunAsync(["price", "100001", Item, .. sandbox.Connection()]);
        CliResult twelve = await CliRun.RunAsync(["price", "100001", Item, "--qty", "12", "--json", .. sandbox.Connection()]);
        CliResult other = await CliRun.RunAsync(["price", "100002", Item, .. sandbox.Connection()]);

        Assert.True(one.ExitCode == ExitCodes.Ok, one.ToString());
        Assert.Contains("7.5 each per EA", one.Output, StringComparison.Ordinal);
        Assert.Contains("(Customer)", one.Output, StringComparison.Ordinal);
        Assert.True(twelve.ExitCode == ExitCodes.Ok, twelve.ToString());
        using JsonDocument json = JsonDocument.Parse(twelve.Output);
        Assert.Equal((7m, 84m), (json.RootElement.GetProperty("unitPrice").GetDecimal(), json.RootElement.GetProperty("extendedPrice").GetDecimal()));
        Assert.Contains("8 each", other.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("999999", Item, "no live customer '999999'")]
    [InlineData("100001", "NO-SUCH-CLI-ITEM", "no live item 'NO-SUCH-CLI-ITEM'")]
    [InlineData("100001", "HCS 1/4-20X1 ZP", "cannot address 'HCS 1/4-20X1 ZP'")]
    public async Task Price_NothingToPrice_ExitsOneSayingWhy(string customer, string item, string reason)
    {
        await PricedItemAsync();

        CliResult result = await CliRun.RunAsync(["price", customer, item, .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Contains(reason, result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "--qty", "1", "fix customerId")]
    [InlineData("100001", "--qty", "0", "fix --qty")]
    public async Task Price_BadArgument_ExitsTwoNamingIt(string customer, string option, string value, string fix)
    {
        CliResult result = await CliRun.RunAsync(["price", customer, Item, option, value, .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(fix, result.All, StringComparison.Ordinal);
    }
}
