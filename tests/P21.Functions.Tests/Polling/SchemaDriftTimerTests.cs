using System.Reflection;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Schema;
using P21.Connector.Storage;
using P21.Functions.Polling;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Polling;

[Collection(AppCollection.Name)]
public sealed class SchemaDriftTimerTests(SandboxFixture fixture)
{
    [Fact]
    public async Task SchemaDrift_FirstRunThenAColumnTheSnapshotLacks_StoresBaselineThenPublishesOneDriftEvent()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var store = app.Services.GetRequiredService<ISchemaSnapshotStore>();

        await InvokeAsync(app);
        var baseline = await store.LoadAsync(FunctionsApp.Connection, SchemaSnapshots.DefaultName);

        // Drift without touching the shared sandbox: a snapshot that lacks one live column.
        var live = await LiveSchema.ReadAsync(app.P21, FunctionsApp.Connection, PollEntityCatalogue.Default, DateTimeOffset.UtcNow);
        var customer = live.Find("customer")!;
        var older = live with { Tables = [.. live.Tables.Select(t => t == customer ? t with { Columns = [.. t.Columns.Where(c => c.Name != "credit_limit")] } : t)] };
        var accepted = SchemaSnapshots.Serialize(older);
        await store.SaveAsync(FunctionsApp.Connection, SchemaSnapshots.DefaultName, accepted);
        await InvokeAsync(app);
        await InvokeAsync(app);

        Assert.NotNull(baseline);
        Assert.Equal(2, app.Sink.Events.Count);
        Assert.All(app.Sink.Events, e => Assert.Equal(SchemaDriftCheck.EventType, e.Type));
        Assert.Equal(app.Sink.Events[0].Id, app.Sink.Events[1].Id);
        Assert.Equal("credit_limit", Assert.Single(app.Sink.Events[0].Data.GetProperty("changes").EnumerateArray()).GetProperty("column").GetString());
        Assert.Equal(accepted, (await store.LoadAsync(FunctionsApp.Connection, SchemaSnapshots.DefaultName))!.Json);
    }

    [Fact]
    public async Task SchemaDrift_OneConnectionDown_OthersCheckedAndTheRunFails()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s =>
        {
            s["P21:Connections:down:BaseUrl"] = "http://127.0.0.1:1/";
            s["P21:Connections:down:UserName"] = "api_user";
            s["P21:Connections:down:PasswordSecretName"] = "p21-sandbox-password";
            s["P21:Connections:down:RequestTimeout"] = "00:00:02";
        });

        var error = await Assert.ThrowsAsync<AggregateException>(() => InvokeAsync(app));

        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await app.Services.GetRequiredService<ISchemaSnapshotStore>().LoadAsync(FunctionsApp.Connection, SchemaSnapshots.DefaultName));
    }

    [Fact]
    public void SchemaDrift_Attribute_ReadsItsScheduleFromSettingsAndNeverRunsOnStartup()
    {
        var info = typeof(SchemaDriftTimer).GetMethod(nameof(SchemaDriftTimer.RunAsync))!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("SchemaDrift", info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%Schema:Drift:Schedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
    }

    private static Task InvokeAsync(FunctionsApp app)
    {
        var timer = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow.AddDays(-1), Next = DateTime.UtcNow.AddDays(1) } };
        return app.Function<SchemaDriftTimer>().RunAsync(timer, CancellationToken.None);
    }
}
