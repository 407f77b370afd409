using System.Reflection;
using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.Functions.Intake;
using P21.Functions.Messaging;
using P21.Functions.Tests.App;
using P21.Functions.Writer;

namespace P21.Functions.Tests.Writer;

[Collection(AppCollection.Name)]
public sealed class WriteCommandFunctionTests(SandboxFixture fixture)
{
    [Fact]
    public async Task RunAsync_OrderAcceptedByIntake_CommitsItIntoTheSandboxAndAnnouncesIt()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var (email, itemId) = await SandboxCustomerAndItemAsync(app);
        var externalId = "WEB-" + Guid.NewGuid().ToString("N")[..10];
        var queued = await AcceptAsync(app, Deliveries.Order(externalId, email, itemId));

        await app.Function<WriteCommandFunction>().RunAsync(queued.Body, queued.MessageId, queued.DeliveryCount, CancellationToken.None);

        var command = WriteCommandSerializer.Deserialize(queued.Body);
        var entry = await app.Services.GetRequiredService<IIdempotencyLedger>().GetAsync(FunctionsApp.Connection, command.IdempotencyKey);
        Assert.Equal(LedgerState.Committed, entry!.State);
        var order = await FirstRowAsync(app, new ODataQuery("oe_hdr", Filter: $"web_reference_no eq '{externalId}'", Select: ["order_no", "web_reference_no"], OrderBy: ["order_no"]));
        Assert.Equal(entry.P21Key, order!.GetString("order_no"));
        var committed = Assert.Single(app.Sink.Events, e => e.Type == WriteResultEvents.CommittedType);
        Assert.Equal(entry.P21Key, committed.Data.GetProperty("p21Key").GetString());
        // One outcome line, from the writer, carrying the message id through the trigger's scope.
        var log = Assert.Single(app.Logs.GetSnapshot(), r => r.Message.Contains("committed", StringComparison.Ordinal));
        Assert.Equal(typeof(CommandWriter).FullName, log.Category);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(entry.P21Key!, log.Message, StringComparison.Ordinal);
        Assert.Contains(log.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>().SelectMany(s => s), p => p.Key == "MessageId" && Equals(p.Value, queued.MessageId));
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Category == typeof(WriteCommandFunction).FullName);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RunAsync_SameMessageDeliveredTwice_SecondIsDuplicateWithoutASecondOrder()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var (email, itemId) = await SandboxCustomerAndItemAsync(app);
        var queued = await AcceptAsync(app, Deliveries.Order("WEB-" + Guid.NewGuid().ToString("N")[..10], email, itemId));
        var function = app.Function<WriteCommandFunction>();

        await function.RunAsync(queued.Body, queued.MessageId, 1, CancellationToken.None);
        await function.RunAsync(queued.Body, queued.MessageId, 2, CancellationToken.None);

        var logs = app.Logs.GetSnapshot().Where(r => r.Category == typeof(CommandWriter).FullName && r.Message.Contains("committed", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(2, logs.Count);
        Assert.Contains("committed", logs[0], StringComparison.Ordinal);
        Assert.Contains("already committed", logs[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_P21Failing_RethrowsSoServiceBusRedeliversAndLeavesTheCommandPending()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var (email, itemId) = await SandboxCustomerAndItemAsync(app);
        var queued = await AcceptAsync(app, Deliveries.Order("WEB-" + Guid.NewGuid().ToString("N")[..10], email, itemId));
        fixture.Sandbox.Faults.ErrorRate = 1;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() =>
                app.Function<WriteCommandFunction>().RunAsync(queued.Body, queued.MessageId, 1, CancellationToken.None));
        }
        finally
        {
            fixture.Sandbox.Faults.Reset();
        }

        var command = WriteCommandSerializer.Deserialize(queued.Body);
        var entry = await app.Services.GetRequiredService<IIdempotencyLedger>().GetAsync(FunctionsApp.Connection, command.IdempotencyKey);
        Assert.NotEqual(LedgerState.Committed, entry?.State);
        Assert.NotEqual(LedgerState.Parked, entry?.State);
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Category == typeof(WriteCommandFunction).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("redeliver", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnreadableBody_CompletesAndParksTheBody()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        const string Body = "{\"schema\":\"p21.write/1\",\"kind\":";

        await app.Function<WriteCommandFunction>().RunAsync(Body, "msg-unreadable-1", 1, CancellationToken.None);

        var parked = app.Services.GetRequiredService<IParkedRecordStore>().ListAsync(CommandWriter.UnreadableConnection);
        var record = Assert.Single(await ToListAsync(parked));
        var full = await app.Services.GetRequiredService<IParkedRecordStore>().GetAsync(CommandWriter.UnreadableConnection, record.Id);
        Assert.Equal(Body, full!.Payload);
        var log = Assert.Single(app.Logs.GetSnapshot(), r => r.Message.Contains("parked", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, typeof(CommandWriter).FullName), (log.Level, log.Category));
        Assert.Contains(log.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>().SelectMany(s => s), p => p.Key == "MessageId" && Equals(p.Value, "msg-unreadable-1"));
    }

    [Fact]
    public void RunAsync_Trigger_IsTheWritesQueueOnTheServiceBusConnectionWithBindingDataParameters()
    {
        var method = typeof(WriteCommandFunction).GetMethod(nameof(WriteCommandFunction.RunAsync))!;
        var parameters = method.GetParameters();
        var trigger = parameters[0].GetCustomAttribute<ServiceBusTriggerAttribute>()!;

        Assert.Equal("WriteCommand", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("p21-writes", trigger.QueueName);
        Assert.Equal("ServiceBus", trigger.Connection);
        Assert.False(trigger.IsBatched);
        Assert.Equal(typeof(string), parameters[0].ParameterType);
        // Binding-data names the worker fills from the received message.
        Assert.Equal(("messageId", typeof(string)), (parameters[1].Name, parameters[1].ParameterType));
        Assert.Equal(("deliveryCount", typeof(int)), (parameters[2].Name, parameters[2].ParameterType));
        Assert.Equal(typeof(CancellationToken), parameters[^1].ParameterType);
        Assert.Equal(ServiceBusMessagingOptions.WritesQueue, trigger.QueueName);
    }

    private static async Task<(string Email, string ItemId)> SandboxCustomerAndItemAsync(FunctionsApp app)
    {
        // P21 keeps a customer's e-mail on its address row (same id), which is where the writer's matcher looks.
        var customer = await FirstRowAsync(app, new ODataQuery("customer", Filter: "delete_flag eq 'N'", Select: ["customer_id"], OrderBy: ["customer_id"]));
        var address = await FirstRowAsync(app, new ODataQuery("address", Filter: $"id eq {customer!.GetInt64("customer_id")}", Select: ["id", "email_address"], OrderBy: ["id"]));
        var item = await FirstRowAsync(app, new ODataQuery("inv_mast", Filter: "delete_flag eq 'N'", Select: ["item_id"], OrderBy: ["item_id"]));
        return (address!.GetString("email_address")!, item!.GetString("item_id")!);
    }

    private static async Task<P21Row?> FirstRowAsync(FunctionsApp app, ODataQuery query)
    {
        await foreach (var row in app.P21.QueryAsync(query with { PageSize = 1 }))
        {
            return row;
        }

        return null;
    }

    private static async Task<Connector.Queues.QueuedMessage> AcceptAsync(FunctionsApp app, byte[] body)
    {
        var http = app.Request(HttpMethods.Post, "/api/orders/generic", body, "application/json", Deliveries.Signed(body));
        var (status, _, json) = await FunctionsApp.ExecuteAsync(await app.Function<IntakeFunctions>().OrdersAsync(http.Request, "generic"), http);
        Assert.True(status == StatusCodes.Status202Accepted, json);
        using var document = JsonDocument.Parse(json);
        var queued = await app.Queue.ReceiveAsync();
        Assert.Equal(document.RootElement.GetProperty("commandId").GetString(), queued!.MessageId);
        return queued;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
