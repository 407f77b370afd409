using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace P21.Cli.Tests;

/// <summary>
/// <c>p21 settlements dry-run|submit</c> with a small Amazon V2 flat file, mappings and ledger in Azurite
/// (P21_TEST_STORAGE), the journal read back from the sandbox's <c>gl</c> table.
/// </summary>
public sealed class SettlementsCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string AmazonSecret = "whsec_c2V0dGxlbWVudHMtY2xpLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    private const string Clearing = "1010";

    private static readonly string[] Columns =
    [
        "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency", "transaction-type", "order-id",
        "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name", "amount-type", "amount-description", "amount", "fulfillment-id",
        "posted-date", "posted-date-time", "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id",
    ];

    private const string TwoMappings = "gl-account,amazon,Order|ItemPrice|Principal,4000\ngl-account,amazon,Order|ItemFees|Commission,6100\n";

    [Fact]
    public async Task DryRun_OneLineWithoutAccount_ReportsMappedAndUnmappedLinesAndWritesNothing()
    {
        string connection = NewConnection();
        string settlement = Settlement(out _);
        await ImportAsync(connection, TwoMappings);
        int glBefore = await GlRowCountAsync(null);

        CliResult result = await CliRun.RunAsync(["settlements", "dry-run", "--source", "amazon", "--file", settlement, .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Contains("line 3: Order/ItemPrice/Principal 50.00 → GL account 4000", result.Output);
        Assert.Contains("line 4: Order/ItemFees/Commission -7.50 → GL account 6100", result.Output);
        Assert.Contains("line 5: no GL account for other-transaction/other-transaction/Subscription Fee", result.Output);
        Assert.Contains("would park", result.Output);
        Assert.Contains("nothing was written", result.Output);
        Assert.Equal(glBefore, await GlRowCountAsync(null));
        CliResult parked = await CliRun.RunAsync(["parked", "list", .. Options(connection)]);
        Assert.Contains("no parked records", parked.Output);
    }

    [Fact]
    public async Task DryRun_AllMapped_WouldWriteABalancedJournalAndWritesNothing()
    {
        string connection = NewConnection();
        string settlement = Settlement(out _);
        await ImportAsync(connection, TwoMappings + "gl-account,amazon,other-transaction|other-transaction|Subscription Fee,6200\n");
        int glBefore = await GlRowCountAsync(null);

        CliResult result = await CliRun.RunAsync(["settlements", "dry-run", "--source", "amazon", "--file", settlement, "--json", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var preview = JsonDocument.Parse(result.Output);
        Assert.Equal("write", preview.RootElement.GetProperty("verdict").GetString());
        var lines = preview.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(0m, lines.Sum(l => l.GetProperty("amount").GetDecimal()));
        // P21 posts a positive amount as a debit: the deposit account is debited with +total.
        Assert.Contains(lines, l => l.GetProperty("accountNumber").GetString() == Clearing && l.GetProperty("amount").GetDecimal() == 2.51m);
        Assert.Contains(lines, l => l.GetProperty("accountNumber").GetString() == "4000" && l.GetProperty("amount").GetDecimal() == -50.00m);
        Assert.Empty(preview.RootElement.GetProperty("unmapped").EnumerateArray());
        Assert.Equal(3, preview.RootElement.GetProperty("mapped").GetArrayLength());
        Assert.Equal(glBefore, await GlRowCountAsync(null));
    }

    [Fact]
    public async Task Submit_WithGlMappings_PostsOneBalancedJournal_SecondSubmitWritesNothingNew()
    {
        string connection = NewConnection();
        string settlement = Settlement(out _);
        await ImportAsync(connection, TwoMappings + "gl-account,amazon,other-transaction|other-transaction|Subscription Fee,6200\n");

        CliResult first = await CliRun.RunAsync(["settlements", "submit", "--source", "amazon", "--file", settlement, "--json", .. Options(connection)]);
        int glAfterFirst = await GlRowCountAsync(null);
        CliResult second = await CliRun.RunAsync(["settlements", "submit", "--source", "amazon", "--file", settlement, "--json", .. Options(connection)]);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        using var written = JsonDocument.Parse(first.Output);
        Assert.Equal("committed", written.RootElement.GetProperty("status").GetString());
        string transaction = written.RootElement.GetProperty("p21Key").GetString()!;
        List<JsonElement> journal = await GlRowsAsync(transaction);
        Assert.Equal(4, journal.Count);
        Assert.Equal(0m, journal.Sum(r => r.GetProperty("amount").GetDecimal()));
        Assert.Equal(2.51m, journal.Single(r => r.GetProperty("account_number").GetString() == Clearing).GetProperty("amount").GetDecimal());
        Assert.Equal(-50.00m, journal.Single(r => r.GetProperty("account_number").GetString() == "4000").GetProperty("amount").GetDecimal());
        Assert.Equal(7.50m, journal.Single(r => r.GetProperty("account_number").GetString() == "6100").GetProperty("amount").GetDecimal());

        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        using var again = JsonDocument.Parse(second.Output);
        Assert.Equal("duplicate", again.RootElement.GetProperty("status").GetString());
        Assert.Equal(transaction, again.RootElement.GetProperty("p21Key").GetString());
        Assert.Equal(glAfterFirst, await GlRowCountAsync(null));
    }

    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", Settings()];

    private static string NewConnection() => "s" + Guid.NewGuid().ToString("N")[..12];

    private static string Settings() => TestFiles.Write($$"""
        {
          "Secrets": { "webhook-amazon": "{{AmazonSecret}}" },
          "Writer": { "DefaultSalesLocationId": "10", "DefaultSalesrepId": "SR01", "DefaultBranch": "10" },
          "Settlements": { "Posting": { "ClearingAccount": "{{Clearing}}" } }
        }
        """);

    /// <summary>A sale (principal and commission) and a subscription fee; deposit 2.51. A fresh settlement id per call.</summary>
    private static string Settlement(out string settlementId)
    {
        settlementId = Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        void Row(params (string Column, string Value)[] values)
        {
            var row = values.ToDictionary(v => v.Column, v => v.Value);
            text.Append(string.Join('\t', Columns.Select(c => row.GetValueOrDefault(c, "")))).Append('\n');
        }

        text.Append(string.Join('\t', Columns)).Append('\n');
        Row(("settlement-id", settlementId), ("settlement-start-date", "2026-11-10 08:00:00 UTC"), ("settlement-end-date", "2026-11-24 08:00:00 UTC"),
            ("deposit-date", "2026-11-26 08:00:00 UTC"), ("total-amount", "2.51"), ("currency", "USD"));
        (string, string)[] sale = [("settlement-id", settlementId), ("transaction-type", "Order"), ("order-id", "114-0000001-0000001"), ("marketplace-name", "Amazon.com"),
            ("posted-date", "2026-11-20"), ("posted-date-time", "2026-11-20 18:22:41 UTC"), ("sku", "CAP-45-5-440"), ("quantity-purchased", "2")];
        Row([.. sale, ("amount-type", "ItemPrice"), ("amount-description", "Principal"), ("amount", "50.00")]);
        Row([.. sale, ("amount-type", "ItemFees"), ("amount-description", "Commission"), ("amount", "-7.50")]);
        Row(("settlement-id", settlementId), ("transaction-type", "other-transaction"), ("amount-type", "other-transaction"), ("amount-description", "Subscription Fee"),
            ("amount", "-39.99"), ("posted-date", "2026-11-18"), ("posted-date-time", "2026-11-18 00:00:00 UTC"));
        return TestFiles.Write(text.ToString(), ".tsv");
    }

    private async Task ImportAsync(string connection, string csv)
    {
        CliResult imported = await CliRun.RunAsync(["mappings", "import", TestFiles.Write(csv, ".csv"), .. Options(connection)]);
        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
    }

    private async Task<int> GlRowCountAsync(string? transaction) => (await GlRowsAsync(transaction)).Count;

    private async Task<List<JsonElement>> GlRowsAsync(string? transaction)
    {
        using var http = new HttpClient { BaseAddress = sandbox.Host.BaseAddress };
        using HttpResponseMessage token = await http.PostAsJsonAsync("api/security/token/v2", new { username = SandboxFixture.Options.UserName, password = SandboxFixture.Options.Password });
        using JsonDocument tokenJson = JsonDocument.Parse(await token.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        string filter = transaction is null ? "" : $"$filter=transaction_number eq {transaction}&";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"odataservice/odata/table/gl?{filter}$select=transaction_number,account_number,amount&$orderby=gl_uid&$top=5000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenJson.RootElement.GetProperty("AccessToken").GetString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage rows = await http.SendAsync(request);
        using JsonDocument json = JsonDocument.Parse(await rows.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone())];
    }
}
