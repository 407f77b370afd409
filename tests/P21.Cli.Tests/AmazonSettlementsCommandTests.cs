using System.Text;
using System.Text.Json;

using P21.Sandbox.Amazon;

namespace P21.Cli.Tests;

/// <summary>
/// <c>p21 amazon settlements pull --dry-run</c> through the real command line, against <see cref="SpApiFake"/>.
/// </summary>
public sealed class AmazonSettlementsCommandTests
{
    private const string Header = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tamount-type\tamount-description\tamount\tposted-date\tsku";

    private static readonly string File = $"{Header}\n24419581001\t2026-11-10 08:00:00 UTC\t2026-11-24 08:00:00 UTC\t2026-11-26 08:00:00 UTC\t12.50\tUSD\t\t\t\t\t\t\t\n"
        + "24419581001\t\t\t\t\t\tOrder\t114-1-1\tItemPrice\tPrincipal\t15.00\t2026-11-20\tSKU-1\n"
        + "24419581001\t\t\t\t\t\tOrder\t114-1-1\tItemFees\tCommission\t-2.50\t2026-11-20\tSKU-1\n";

    [Fact]
    public async Task PullDryRun_PrintsEachReportWithItsSettlementOutcomeAndJournal_AndCommitsNothing()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.SeedReport("50001011001", DateTimeOffset.UtcNow.AddDays(-3), Encoding.UTF8.GetBytes(File));

        CliResult result = await RunAsync(fake, "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("50001011001", result.Output, StringComparison.Ordinal);
        Assert.Contains("24419581001", result.Output, StringComparison.Ordinal);
        Assert.Contains("Enqueued", result.Output, StringComparison.Ordinal);
        Assert.Contains("12.50 USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was enqueued, written or committed", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, fake.DownloadCalls);
        Assert.Equal(0, fake.DownloadsWithAccessToken);
    }

    [Fact]
    public async Task PullDryRunJson_AnUnreadableReport_WouldBeParked_AndExitsWithFailure()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.SeedReport("50001011101", DateTimeOffset.UtcNow.AddDays(-4), Encoding.UTF8.GetBytes(File), gzip: false);
        fake.SeedReport("50001011102", DateTimeOffset.UtcNow.AddDays(-2), Encoding.UTF8.GetBytes("not a settlement"));

        CliResult result = await RunAsync(fake, "--dry-run", "--json");

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        JsonElement[] reports = [.. json.RootElement.GetProperty("reports").EnumerateArray()];
        Assert.Equal(["50001011101", "50001011102"], reports.Select(r => r.GetProperty("reportId").GetString()));
        Assert.Equal("Enqueued", reports[0].GetProperty("outcome").GetString());
        Assert.Equal(12.50m, reports[0].GetProperty("total").GetDecimal());
        Assert.Equal(2, reports[0].GetProperty("lines").GetInt32());
        Assert.Equal("Parked", reports[1].GetProperty("outcome").GetString());
        Assert.Contains("would be parked", reports[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunAsync(SpApiFake fake, params string[] more)
    {
        string settings = TestFiles.Write($$"""
            {
              "Amazon": {
                "Endpoint": "{{fake.BaseUrl}}", "TokenEndpoint": "{{fake.TokenEndpoint}}", "ClientId": "{{SpApiFake.ClientId}}",
                "ClientSecretName": "amazon-lwa-client-secret", "RefreshTokenName": "amazon-refresh-token",
                "MarketplaceIds": [ "{{SpApiFake.Marketplace}}" ]
              },
              "Secrets": { "amazon-lwa-client-secret": "{{SpApiFake.ClientSecret}}", "amazon-refresh-token": "{{SpApiFake.RefreshToken}}" }
            }
            """);
        return await CliRun.RunAsync(["amazon", "settlements", "pull", "--settings", settings, "--storage", "memory", "--connection", "t" + Guid.NewGuid().ToString("N")[..10], .. more]);
    }
}
