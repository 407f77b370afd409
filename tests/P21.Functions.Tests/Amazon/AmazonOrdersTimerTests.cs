using System.Reflection;

using Microsoft.Azure.Functions.Worker;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Functions.Amazon;
using P21.Functions.Tests.App;
using P21.Sandbox.Amazon;

namespace P21.Functions.Tests.Amazon;

[Collection(AppCollection.Name)]
public sealed class AmazonOrdersTimerTests(SandboxFixture fixture)
{
    [Fact]
    public async Task AmazonOrders_Configured_PullsTheSellersOrdersIntoTheWriteQueue()
    {
        await using SpApiFake amazon = await SpApiFake.StartAsync(TimeProvider.System);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        amazon.Seed("111-0000001-0000001", now.AddHours(-2), items: ("SKU-1", 1, 10m));
        amazon.Seed("111-0000002-0000002", now.AddHours(-1), items: ("SKU-2", 2, 20m));
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => AmazonApp.Configure(s, amazon));

        await InvokeAsync(app);

        Assert.Equal(2, app.Queue.ActiveMessageCount);
        Assert.Equal("amazon:SalesOrder.Create:111-0000001-0000001", WriteCommandSerializer.Deserialize((await app.Queue.ReceiveAsync())!.Body).IdempotencyKey);
        Assert.Equal("amazon:SalesOrder.Create:111-0000002-0000002", WriteCommandSerializer.Deserialize((await app.Queue.ReceiveAsync())!.Body).IdempotencyKey);
    }

    [Fact]
    public async Task AmazonOrders_NoAmazonSettings_DoesNothing()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        await InvokeAsync(app);

        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public async Task AmazonOrders_RevokedRefreshToken_FailsTheInvocationNamingTheSetting()
    {
        await using SpApiFake amazon = await SpApiFake.StartAsync(TimeProvider.System);
        amazon.Seed("111-0000001-0000001", DateTimeOffset.UtcNow.AddHours(-1), items: ("SKU-1", 1, 10m));
        amazon.RevokedRefreshTokens.Add(SpApiFake.RefreshToken);
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => AmazonApp.Configure(s, amazon));

        AmazonAuthException error = await Assert.ThrowsAsync<AmazonAuthException>(() => InvokeAsync(app));

        Assert.Contains("Amazon:RefreshTokenName", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public void AmazonOrders_Attribute_ReadsItsScheduleFromSettingsAndNeverRunsOnStartup()
    {
        var info = typeof(AmazonOrdersTimer).GetMethod(nameof(AmazonOrdersTimer.RunAsync))!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("AmazonOrders", info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%Amazon:Orders:Schedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
    }

    private static Task InvokeAsync(FunctionsApp app)
    {
        return app.Function<AmazonOrdersTimer>().RunAsync(AmazonApp.Tick(TimeSpan.FromMinutes(10)), CancellationToken.None);
    }
}
