using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Cli.Commands.Demo;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;
using P21.Connector.Queues;

namespace P21.Cli.Tests;

/// <summary><c>orders dry-run --last</c> reads the orders another process (the app) accepted, through shared storage.</summary>
public sealed class OrdersRecentTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private string[] Options(string connection) =>
        ["--p21", sandbox.Url, "--user", "api_user", "--password", SandboxFixture.Options.Password, "--utc-offset", "-05:00",
         "--storage", TestFiles.Storage, "--connection", connection, "--settings", TestFiles.WriterSettings()];

    [Fact]
    public async Task OrdersDryRunLast_OrderAcceptedByTheApp_IsListedNewestFirst()
    {
        string connection = "r" + Guid.NewGuid().ToString("N")[..12];
        string itemA = await sandbox.FirstItemAsync();
        long older = TestFiles.NewOrderId(), newer = TestFiles.NewOrderId();
        await AcceptInAppAsync(connection, older, itemA);
        await AcceptInAppAsync(connection, newer, itemA);

        CliResult result = await CliRun.RunAsync(["orders", "dry-run", "--source", "shopify", "--last", "5", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        int newerAt = result.Output.IndexOf(newer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        int olderAt = result.Output.IndexOf(older.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(newerAt >= 0 && olderAt > newerAt, result.ToString());
        Assert.Contains("2 would be written", result.Output);
    }

    [Fact]
    public async Task OrdersDryRunLast_NothingAccepted_SaysWhereItLooked()
    {
        string connection = "r" + Guid.NewGuid().ToString("N")[..12];

        CliResult result = await CliRun.RunAsync(["orders", "dry-run", "--source", "shopify", "--last", "5", .. Options(connection)]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"no recent orders for connection '{connection}'", result.All);
        Assert.DoesNotContain("in this process", result.All);
    }

    [Fact]
    public async Task OrdersDryRunFile_IsNotRecordedAsARecentOrder()
    {
        string connection = "r" + Guid.NewGuid().ToString("N")[..12];
        string order = TestFiles.ShopifyOrder(TestFiles.NewOrderId(), (await sandbox.FirstItemAsync(), 2m, 1));
        CliResult dryRun = await CliRun.RunAsync(["orders", "dry-run", "--source", "shopify", "--file", order, .. Options(connection)]);
        Assert.True(dryRun.ExitCode == ExitCodes.Ok, dryRun.ToString());

        CliResult last = await CliRun.RunAsync(["orders", "dry-run", "--source", "shopify", "--last", "5", .. Options(connection)]);

        Assert.Contains($"no recent orders for connection '{connection}'", last.All);
    }

    // The app's own wiring, sharing nothing with the CLI but the storage connection string.
    private static async Task AcceptInAppAsync(string connection, long orderId, string sku)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestFiles.Storage,
            ["Intake:Connection"] = connection,
            ["Secrets:webhook-shopify"] = TestFiles.ShopifySecret,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<InMemoryCommandQueue>();
        services.AddSingleton<ICommandQueue>(sp => sp.GetRequiredService<InMemoryCommandQueue>());
        services.AddP21Secrets(configuration).AddP21Storage(configuration).AddP21Intake(configuration);
        await using var app = services.BuildServiceProvider();

        byte[] body = DemoOrder.Shopify(orderId, DateTimeOffset.UtcNow, [(sku, 2m, 1)]);
        var headers = new Dictionary<string, string>
        {
            [ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, TestFiles.ShopifySecret),
            [ShopifySignature.TopicHeader] = "orders/create",
            [ShopifySignature.WebhookIdHeader] = Guid.NewGuid().ToString(),
            [ShopifySignature.TriggeredAtHeader] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        IntakeResult result = await app.GetRequiredService<OrderIntake>().AcceptAsync(
            new IntakeRequest("shopify", "orders", "application/json", headers, body), CancellationToken.None);
        Assert.IsType<IntakeResult.Accepted>(result);
    }
}
