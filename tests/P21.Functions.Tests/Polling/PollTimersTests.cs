using System.Reflection;

using Microsoft.Azure.Functions.Worker;

using P21.Connector.Poll;
using P21.Functions.Polling;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Polling;

[Collection(AppCollection.Name)]
public sealed class PollTimersTests(SandboxFixture fixture)
{
    public static TheoryData<string, string> Timers => new()
    {
        { nameof(PollTimers.PollCustomersAsync), "p21.customer." },
        { nameof(PollTimers.PollItemsAsync), "p21.item." },
        { nameof(PollTimers.PollInventoryAsync), "p21.inventory." },
        { nameof(PollTimers.PollPricesAsync), "p21.price." },
        { nameof(PollTimers.PollVendorsAsync), "p21.vendor." },
        { nameof(PollTimers.PollPurchaseOrdersAsync), "p21.purchaseorder." },
        { nameof(PollTimers.PollSalesOrdersAsync), "p21.salesorder." },
        { nameof(PollTimers.PollShipmentsAsync), "p21.shipment." },
        { nameof(PollTimers.PollInvoicesAsync), "p21.invoice." },
    };

    [Theory]
    [MemberData(nameof(Timers))]
    public async Task Timer_FirstRun_PublishesTheEntitysChangesFromTheSandbox(string method, string eventTypePrefix)
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);

        await InvokeAsync(app, method);

        Assert.NotEmpty(app.Sink.Events);
        Assert.All(app.Sink.Events, e => Assert.StartsWith(eventTypePrefix, e.Type, StringComparison.Ordinal));
        Assert.Equal(app.Sink.Events.Count, app.Sink.Events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Timer_SecondRunWithNothingChanged_PublishesNothingNew()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        await InvokeAsync(app, nameof(PollTimers.PollVendorsAsync));
        var first = app.Sink.Events.Count;

        await InvokeAsync(app, nameof(PollTimers.PollVendorsAsync));

        Assert.True(first > 0);
        Assert.Equal(first, app.Sink.Events.Count);
    }

    [Fact]
    public async Task Timer_OneConnectionDown_OthersStillPublishAndTheRunFails()
    {
        // A second connection on a port nothing listens on: its failure must not starve the sandbox connection.
        await using var app = FunctionsApp.Start(fixture.Sandbox, s =>
        {
            s["P21:Connections:down:BaseUrl"] = "http://127.0.0.1:1/";
            s["P21:Connections:down:UserName"] = "api_user";
            s["P21:Connections:down:PasswordSecretName"] = "p21-sandbox-password";
            s["P21:Connections:down:RequestTimeout"] = "00:00:02";
        });

        var error = await Assert.ThrowsAsync<PollRoundException>(() => InvokeAsync(app, nameof(PollTimers.PollVendorsAsync)));

        Assert.Single(error.InnerExceptions);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("vendors", error.Entity);
        Assert.Equal(FunctionsApp.Connection, Assert.Single(error.Completed).Connection, StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(app.Sink.Events);
        Assert.All(app.Sink.Events, e => Assert.StartsWith($"p21://{FunctionsApp.Connection}/", e.Source, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Timers))]
    public void Timer_Attribute_ReadsItsScheduleFromSettingsAndNeverRunsOnStartup(string method, string eventTypePrefix)
    {
        _ = eventTypePrefix;
        var info = typeof(PollTimers).GetMethod(method)!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;
        var entity = method["Poll".Length..^"Async".Length];

        Assert.Equal("Poll" + entity, info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal($"%Poll:{entity}:Schedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
        Assert.Equal(typeof(CancellationToken), info.GetParameters()[^1].ParameterType);
    }

    [Fact]
    public void Timers_CoverEveryCatalogueEntity()
    {
        var polled = typeof(PollTimers).GetMethods().Count(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

        Assert.Equal(P21.Connector.Poll.Entities.PollEntityCatalogue.Default.Names.Count, polled);
    }

    private static Task InvokeAsync(FunctionsApp app, string method)
    {
        var timers = app.Function<PollTimers>();
        var timer = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow.AddMinutes(-5), Next = DateTime.UtcNow.AddMinutes(5) } };
        return (Task)typeof(PollTimers).GetMethod(method)!.Invoke(timers, [timer, CancellationToken.None])!;
    }

}
