using System.Reflection;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Functions.Amazon;
using P21.Functions.Tests.App;
using P21.Sandbox.Amazon;

namespace P21.Functions.Tests.Amazon;

[Collection(AppCollection.Name)]
public sealed class AmazonReturnsTimerTests(SandboxFixture fixture)
{
    [Fact]
    public void AmazonReturns_Attribute_ReadsItsScheduleFromSettingsAndNeverRunsOnStartup()
    {
        var info = typeof(AmazonReturnsTimer).GetMethod(nameof(AmazonReturnsTimer.RunAsync))!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("AmazonReturns", info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%Amazon:Returns:Schedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
    }

    [Fact]
    public async Task AmazonReturns_NoAmazonSetting_DoesNothing()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        await InvokeAsync(app);

        Assert.Null(await app.Queue.ReceiveAsync(CancellationToken.None));
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Category!.Contains("Amazon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AmazonReturns_TwoTicks_RequestTheReportThenEnqueueTheReturn()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        fake.ReportProcessingTime = TimeSpan.Zero;
        fake.SeedCustomerReturn(DateTimeOffset.UtcNow.AddDays(-1), "114-0000001-0000001", "SKU-1", 1, licensePlate: "LPNRR000000001");
        await using var app = FunctionsApp.Start(fixture.Sandbox, s =>
        {
            AmazonApp.Configure(s, fake);
            s["Intake:Eligibility:MarketplaceFulfilled"] = "WriteToMarketplaceLocation";
        });

        await InvokeAsync(app);
        Assert.Null(await app.Queue.ReceiveAsync(CancellationToken.None));
        await InvokeAsync(app);

        var message = await app.Queue.ReceiveAsync(CancellationToken.None);
        Assert.NotNull(message);
        Assert.Contains("114-0000001-0000001-LPNRR000000001", message.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, 1), (fake.CreateReportCalls, fake.GetReportCalls));
    }

    [Fact]
    public async Task AmazonReturns_RefusedCredentials_LogsAnErrorNamingTheSettingAndDoesNotThrow()
    {
        await using SpApiFake fake = await SpApiFake.StartAsync(TimeProvider.System);
        await using var app = FunctionsApp.Start(fixture.Sandbox, s =>
        {
            AmazonApp.Configure(s, fake, "not-the-secret");
            s["Intake:Eligibility:MarketplaceFulfilled"] = "WriteToMarketplaceLocation";
        });

        await InvokeAsync(app);

        var error = Assert.Single(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Category == typeof(AmazonReturnsTimer).FullName);
        Assert.Contains("Amazon:ClientSecretName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
    }

    private static Task InvokeAsync(FunctionsApp app) =>
        app.Function<AmazonReturnsTimer>().RunAsync(AmazonApp.Tick(TimeSpan.FromMinutes(30)), CancellationToken.None);
}
