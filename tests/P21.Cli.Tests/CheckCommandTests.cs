namespace P21.Cli.Tests;

public sealed class CheckCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Check_Sandbox_AllChecksPassExitZero()
    {
        CliResult result = await CliRun.RunAsync(["check", .. sandbox.Connection()]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ token: UserPassword token issued for user api_user", result.Output);
        Assert.Contains("✓ read oe_hdr", result.Output);
        Assert.Contains("✓ write Order", result.Output);
        Assert.Contains("✓ utc offset: P21 reports -05:00, configured -05:00", result.Output);
        Assert.Contains("P21 is ready for the connector.", result.Output);
        Assert.DoesNotContain(SandboxFixture.Options.Password, result.All);
    }
}
