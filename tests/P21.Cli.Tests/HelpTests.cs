namespace P21.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_Root_ListsEveryCommandAndConnectionOption()
    {
        CliResult result = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (string command in new[] { "check", "discover", "drift", "sync", "backfill", "orders", "settlements", "parked", "mappings", "push", "price", "amazon", "demo" })
        {
            Assert.Contains(command, result.Output);
        }

        foreach (string option in new[] { "--p21", "--user", "--password", "--consumer-key", "--utc-offset", "--connection", "--storage", "--settings" })
        {
            Assert.Contains(option, result.Output);
        }
    }

    [Theory]
    [InlineData("check", "--json")]
    [InlineData("discover", "--draft")]
    [InlineData("drift", "--snapshot")]
    [InlineData("sync", "--since")]
    [InlineData("backfill", "--resume")]
    [InlineData("orders submit", "--headers")]
    [InlineData("orders dry-run", "--last")]
    [InlineData("orders reconcile", "--since")]
    [InlineData("settlements submit", "--source")]
    [InlineData("settlements dry-run", "--file")]
    [InlineData("parked list", "--status")]
    [InlineData("parked show", "<id>")]
    [InlineData("parked replay", "<id>")]
    [InlineData("parked discard", "--reason")]
    [InlineData("mappings import", "<file>")]
    [InlineData("mappings import", "--no-verify")]
    [InlineData("mappings export", "--kind")]
    [InlineData("demo", "sandbox")]
    [InlineData("amazon check", "--json")]
    [InlineData("amazon orders pull", "--since")]
    [InlineData("amazon orders pull", "--dry-run")]
    [InlineData("amazon settlements pull", "--dry-run")]
    public async Task Help_Subcommand_DescribesItsOptionsAndTheConnectionOptions(string command, string expected)
    {
        CliResult result = await CliRun.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(expected, result.Output);
        Assert.Contains("--p21", result.Output);
    }

    [Fact]
    public async Task Parse_UnknownOption_ExitsWithUsage()
    {
        CliResult result = await CliRun.RunAsync("check", "--no-such-option");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--no-such-option", result.All);
    }

    [Fact]
    public async Task Parse_BadUrl_NamesTheOption()
    {
        CliResult result = await CliRun.RunAsync("check", "--p21", "not a url");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--p21 'not a url' is not an absolute http(s) URL", result.All);
    }

    [Fact]
    public async Task Check_NoUrl_SaysHowToGiveOne()
    {
        CliResult result = await CliRun.RunAsync("check", "--connection", "nourl" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("pass --p21 <url>", result.Error);
    }

    [Fact]
    public async Task Settings_MissingFile_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".json");

        CliResult result = await CliRun.RunAsync("check", "--settings", path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(path, result.Error);
        Assert.Contains("not found", result.Error);
    }
}
