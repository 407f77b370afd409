namespace P21.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_InMemory_RunsEveryFlowAndSummarises()
    {
        CliResult result = await CliRun.RunAsync("demo", "--storage", "memory");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ backfill:", result.Output);
        Assert.Contains("✓ order: Shopify order", result.Output);
        Assert.Contains("✓ idempotency: the same delivery again → duplicate", result.Output);
        Assert.Contains("✓ parked: unknown SKU DEMO-NOT-IN-P21", result.Output);
        Assert.Contains("✓ replay:", result.Output);
        Assert.Contains("✓ tracking: p21.shipment.changed", result.Output);
        Assert.Contains("✓ push: P21 stock of DEMO-PUSH-1", result.Output);
        Assert.Contains("shows 40 available", result.Output);
        Assert.Contains("p21 demo summary", result.Output);
        Assert.Contains("✓ demo finished", result.Output);
    }

    [Fact]
    public async Task Demo_Azurite_UsesTableStorageAndFinishes()
    {
        CliResult result = await CliRun.RunAsync("demo", "--storage", TestFiles.Storage);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("✓ tracking:", result.Output);
    }
}
