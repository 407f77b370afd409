using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Schema;
using P21.Connector.Storage;
using P21.IntegrationTests.Client;
using P21.Sandbox;

namespace P21.IntegrationTests.Schema;

/// <summary><see cref="SchemaDriftCheck"/> against the sandbox's <c>$metadata</c>; each test owns its sandbox (it adds columns).</summary>
public class SchemaDriftCheckTests
{
    private static readonly SandboxOptions Small = new() { Customers = 2, Items = 2, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 };

    [Fact]
    public async Task RunAsync_FirstRun_SavesTheBaselineAndPublishesNothing_ThenNoDrift()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small);
        var store = new InMemorySchemaSnapshotStore(TimeProvider.System);
        SchemaDriftCheck check = Check(p21, store, TimeProvider.System);
        var sink = new InMemoryChangeSink();

        SchemaDriftResult first = await check.RunAsync("main", sink);
        SchemaDriftResult second = await check.RunAsync("main", sink);

        Assert.Equal(SchemaDriftOutcome.BaselineSaved, first.Outcome);
        Assert.Equal(SchemaDriftOutcome.NoDrift, second.Outcome);
        Assert.Empty(sink.Events);
        SchemaDocument saved = SchemaSnapshots.Parse((await store.LoadAsync("main", SchemaSnapshots.DefaultName))!.Json);
        Assert.NotNull(saved.Find("customer"));
        Assert.NotNull(saved.Find("customer_ud"));
        Assert.Null(saved.Find("gl"));
    }

    [Fact]
    public async Task RunAsync_CustomFieldAdded_OneDriftEventWithTheSameIdOnTheNextRun_SnapshotKept()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small);
        var store = new InMemorySchemaSnapshotStore(TimeProvider.System);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        SchemaDriftCheck check = Check(p21, store, clock);
        var sink = new InMemoryChangeSink();
        await check.RunAsync("main", sink);
        string baseline = (await store.LoadAsync("main", SchemaSnapshots.DefaultName))!.Json;
        await AddCustomFieldAsync(p21, "customer_ud", "loyalty_tier");

        SchemaDriftResult drifted = await check.RunAsync("main", sink);
        clock.Advance(TimeSpan.FromDays(1));
        SchemaDriftResult again = await check.RunAsync("main", sink);

        Assert.Equal(SchemaDriftOutcome.Drifted, drifted.Outcome);
        SchemaChange change = Assert.Single(drifted.Changes);
        Assert.Equal(new SchemaChange(SchemaChangeKind.ColumnAdded, "customer_ud", "loyalty_tier", null, "Edm.String(20)"), change);
        Assert.Equal(2, sink.Events.Count);
        ChangeEvent e = sink.Events[0];
        Assert.Equal(SchemaDriftCheck.EventType, e.Type);
        Assert.Equal("p21://main/schema", e.Source);
        Assert.Equal(drifted.EventId, e.Id);
        Assert.Equal(e.Id, sink.Events[1].Id);
        Assert.Equal(e.Id, again.EventId);
        Assert.NotEqual(e.Time, sink.Events[1].Time);
        JsonElement listed = Assert.Single(e.Data.GetProperty("changes").EnumerateArray());
        Assert.Equal("ColumnAdded", listed.GetProperty("kind").GetString());
        Assert.Equal("loyalty_tier", listed.GetProperty("column").GetString());
        Assert.Equal("main", e.Data.GetProperty("connection").GetString());
        Assert.Contains("p21 discover", e.Data.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(baseline, (await store.LoadAsync("main", SchemaSnapshots.DefaultName))!.Json);
    }

    [Fact]
    public async Task RunAsync_ADifferentDrift_GetsANewEventId()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small);
        SchemaDriftCheck check = Check(p21, new InMemorySchemaSnapshotStore(TimeProvider.System), TimeProvider.System);
        var sink = new InMemoryChangeSink();
        await check.RunAsync("main", sink);
        await AddCustomFieldAsync(p21, "customer_ud", "loyalty_tier");
        SchemaDriftResult one = await check.RunAsync("main", sink);

        await AddCustomFieldAsync(p21, "oe_hdr_ud", "gift_message");
        SchemaDriftResult two = await check.RunAsync("main", sink);

        Assert.Equal(2, two.Changes.Count);
        Assert.NotEqual(one.EventId, two.EventId);
    }

    [Fact]
    public async Task RunAsync_DriftOutsideTheConnectorsTables_IsNotReported()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small);
        var store = new InMemorySchemaSnapshotStore(TimeProvider.System);
        SchemaDriftCheck check = Check(p21, store, TimeProvider.System);
        SchemaDocument live = await LiveSchema.ReadAsync(p21.Client, "main", PollEntityCatalogue.Default, TimeProvider.System.GetUtcNow());
        var unrelated = new TableSchema("some_report_view", ["id"], [new ColumnSchema("id", "Edm.Int32", null, false)]);
        await store.SaveAsync("main", SchemaSnapshots.DefaultName, SchemaSnapshots.Serialize(live with { Tables = [.. live.Tables, unrelated] }));
        var sink = new InMemoryChangeSink();

        SchemaDriftResult result = await check.RunAsync("main", sink);

        Assert.Equal(SchemaDriftOutcome.NoDrift, result.Outcome);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task RunAsync_StoredSnapshotUnreadable_FailsSayingToRunDiscoverAndPublishesNothing()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small);
        var store = new InMemorySchemaSnapshotStore(TimeProvider.System);
        await store.SaveAsync("main", SchemaSnapshots.DefaultName, "{ not json");
        var sink = new InMemoryChangeSink();

        var error = await Assert.ThrowsAsync<FormatException>(() => Check(p21, store, TimeProvider.System).RunAsync("main", sink));

        Assert.Contains("'main'", error.Message, StringComparison.Ordinal);
        Assert.Contains("p21 discover", error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task RunAllAsync_OneConnectionDown_OthersCheckedThenFails()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(Small, configure: s =>
        {
            s["P21:Connections:down:BaseUrl"] = "http://127.0.0.1:1/";
            s["P21:Connections:down:UserName"] = "api_user";
            s["P21:Connections:down:PasswordSecretName"] = SandboxConnection.PasswordSecret;
            s["P21:Connections:down:RequestTimeout"] = "00:00:02";
        });
        var store = new InMemorySchemaSnapshotStore(TimeProvider.System);

        var error = await Assert.ThrowsAsync<AggregateException>(() => Check(p21, store, TimeProvider.System).RunAllAsync(new InMemoryChangeSink()));

        Assert.Single(error.InnerExceptions);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.LoadAsync("main", SchemaSnapshots.DefaultName));
    }

    private static SchemaDriftCheck Check(SandboxConnection p21, ISchemaSnapshotStore store, TimeProvider time) =>
        new(p21.Services.GetRequiredService<IP21ClientProvider>(), store, PollEntityCatalogue.Default, time, NullLogger<SchemaDriftCheck>.Instance);

    private static async Task AddCustomFieldAsync(SandboxConnection p21, string table, string column)
    {
        using var http = new HttpClient { BaseAddress = p21.Host.BaseAddress };
        (await http.PostAsJsonAsync("_sandbox/ud-fields", new { table, column, type = "varchar", length = 20 })).EnsureSuccessStatusCode();
    }
}
