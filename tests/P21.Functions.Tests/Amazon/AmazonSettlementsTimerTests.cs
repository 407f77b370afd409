using System.Reflection;
using System.Text;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Functions.Amazon;
using P21.Functions.Tests.App;
using P21.Sandbox.Amazon;

namespace P21.Functions.Tests.Amazon;

[Collection(AppCollection.Name)]
public sealed class AmazonSettlementsTimerTests(SandboxFixture fixture)
{
    private const string Header = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tamount-type\tamount-description\tamount\tposted-date\tsku";

    [Fact]
    public void AmazonSettlements_Attribute_ReadsItsScheduleFromSettingsAndNeverRunsOnStartup()
    {
        var info = typeof(AmazonSettlementsTimer).GetMethod(nameof(AmazonSettlementsTimer.RunAsync))!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("AmazonSettlements", info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%Amazon:Settlements:Schedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
    }

    [Fact]
    public async Task AmazonSettlements_NoAmazonSetting_DoesNothing()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        await InvokeAsync(app);

        Assert.Null(await app.Queue.ReceiveAsync(CancellationToken.None));
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Category!.Contains("Amazon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AmazonSettlements_OneReport_EnqueuesItsJournal()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        string file = $"{Header}\n24419580001\t2026-11-10 08:00:00 UTC\t2026-11-24 08:00:00 UTC\t2026-11-26 08:00:00 UTC\t12.50\tUSD\t\t\t\t\t\t\t\n"
            + "24419580001\t\t\t\t\t\tOrder\t114-1-1\tItemPrice\tPrincipal\t15.00\t2026-11-20\tSKU-1\n"
            + "24419580001\t\t\t\t\t\tOrder\t114-1-1\tItemFees\tCommission\t-2.50\t2026-11-20\tSKU-1\n";
        fake.SeedReport("50001010001", DateTimeOffset.UtcNow.AddDays(-2), Encoding.UTF8.GetBytes(file));
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => AmazonApp.Configure(s, fake));

        await InvokeAsync(app);

        var message = await app.Queue.ReceiveAsync(CancellationToken.None);
        Assert.NotNull(message);
        Assert.Contains("24419580001", message.Body, StringComparison.Ordinal);
        Assert.Equal(1, fake.DownloadCalls);
    }

    [Fact]
    public async Task AmazonSettlements_RefusedCredentials_LogsAnErrorNamingTheSettingAndDoesNotThrow()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => AmazonApp.Configure(s, fake, "not-the-secret"));

        await InvokeAsync(app);

        var error = Assert.Single(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Category == typeof(AmazonSettlementsTimer).FullName);
        Assert.Contains("Amazon:ClientSecretName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
    }

    private static Task InvokeAsync(FunctionsApp app)
    {
        return app.Function<AmazonSettlementsTimer>().RunAsync(AmazonApp.Tick(TimeSpan.FromDays(1)), CancellationToken.None);
    }
}
