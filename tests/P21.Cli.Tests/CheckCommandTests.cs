using System.Text.Json;

namespace P21.Cli.Tests;

public sealed class CheckCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Check_Sandbox_AllChecksPassExitZero()
    {
        CliResult result = await CliRun.RunAsync(["check", .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ token: UserPassword token issued for user api_user", result.Output);
        Assert.Contains("✓ ui server: Transaction API host", result.Output);
        Assert.Contains("✓ read oe_hdr", result.Output);
        Assert.Contains("✓ read customer", result.Output);
        foreach (string service in new[] { "Order", "Customer", "PurchaseOrder", "Shipping" })
        {
            Assert.Contains($"✓ write {service}", result.Output);
        }

        Assert.Contains("✓ utc offset: P21 reports -05:00, configured -05:00", result.Output);
        Assert.Contains("✓ change probe items: p21_view_es_item readable: a quiet poll of items costs one request (the view must join inv_mast, inv_mast_ud)", result.Output);
        Assert.Contains("✓ change probe sales-orders: p21_view_es_sales_order readable", result.Output);
        Assert.Contains("P21 is ready for the connector.", result.Output);
        Assert.DoesNotContain(SandboxFixture.Options.Password, result.All);
    }

    [Fact]
    public async Task Check_ConsumerKey_TokenIssued()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", sandbox.Url, "--consumer-key", SandboxFixture.Options.ConsumerKey, "--utc-offset", "-05:00", "--connection", "ck" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ token: ConsumerKey token issued for consumer key", result.Output);
        Assert.DoesNotContain(SandboxFixture.Options.ConsumerKey, result.All);
    }

    [Fact]
    public async Task Check_WrongOffset_FailsWithTheOffsetToUse()
    {
        CliResult result = await CliRun.RunAsync(["check", .. sandbox.ConnectionWith("+01:00", "memory")]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("✗ utc offset: P21 reports -05:00, configured +01:00 — pass --utc-offset -05:00", result.Output);
    }

    [Fact]
    public async Task Check_WrongPassword_SaysTheCredentialsWereRefusedWithoutEchoingThem()
    {
        const string wrong = "not-the-password-4711";

        CliResult result = await CliRun.RunAsync("check", "--p21", sandbox.Url, "--user", "api_user", "--password", wrong, "--connection", "wp" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("P21 refused the credentials", result.Output);
        Assert.Contains("check --password / the consumer key in SOA Admin", result.Output);
        Assert.DoesNotContain(wrong, result.All);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task Check_WrongHost_SaysItCannotReachTheUrl()
    {
        string url = $"http://127.0.0.1:{TestFiles.ClosedPort()}/";

        CliResult result = await CliRun.RunAsync("check", "--p21", url, "--user", "api_user", "--password", "x-secret-x");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains($"✗ reach: cannot reach {url}", result.Output);
        Assert.Contains("check --p21", result.Output);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task Check_UnknownHostName_SaysItCannotReachTheUrl()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", "http://p21-host.invalid/", "--user", "api_user", "--password", "x-secret-x");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("✗ reach: cannot reach http://p21-host.invalid/", result.Output);
    }

    [Fact]
    public async Task Check_Json_IsMachineReadableWithoutSecrets()
    {
        CliResult result = await CliRun.RunAsync(["check", "--json", .. sandbox.Connection()]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.True(document.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains(document.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "read oe_hdr");
        Assert.DoesNotContain(SandboxFixture.Options.Password, result.Output);
    }
}
