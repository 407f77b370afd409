using System.Reflection;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Functions.Intake;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Intake;

[Collection(AppCollection.Name)]
public sealed class IntakeFunctionsTests(SandboxFixture fixture)
{
    [Fact]
    public async Task OrdersAsync_SignedGenericOrder_Returns202WithCommandIdAndEnqueuesIt()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Order("WEB-1001", "buyer@example.test", "ANY-SKU");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var commandId = document.RootElement.GetProperty("commandId").GetString();
        Assert.False(string.IsNullOrEmpty(commandId));
        var queued = await app.Queue.ReceiveAsync();
        Assert.NotNull(queued);
        Assert.Equal(commandId, queued.MessageId);
        var command = WriteCommandSerializer.Deserialize(queued.Body);
        Assert.Equal(WriteCommandKind.Of<SalesOrderCreate>(), command.Kind);
        Assert.Equal("WEB-1001", command.ExternalId);
        Assert.Equal(FunctionsApp.Connection, command.Connection);
    }

    [Fact]
    public async Task CustomersAsync_SignedGenericCustomer_Returns202()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Customer("ACC-1");

        var (status, _, _) = await PostAsync(app, (f, r) => f.CustomersAsync(r, "generic"), "/api/customers/generic", body, Deliveries.Signed(body));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal(WriteCommandKind.Of<CustomerUpsert>(), WriteCommandSerializer.Deserialize((await app.Queue.ReceiveAsync())!.Body).Kind);
    }

    [Fact]
    public async Task PurchaseOrdersAsync_SignedGenericPurchaseOrder_Returns202()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.PurchaseOrder("REPL-7");

        var (status, _, _) = await PostAsync(app, (f, r) => f.PurchaseOrdersAsync(r), "/api/purchase-orders", body, Deliveries.Signed(body));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal(WriteCommandKind.Of<PurchaseOrderCreate>(), WriteCommandSerializer.Deserialize((await app.Queue.ReceiveAsync())!.Body).Kind);
    }

    [Fact]
    public async Task SettlementsAsync_SignedGenericSettlement_Returns202()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Settlement("PAYOUT-1");

        var (status, _, json) = await PostAsync(app, (f, r) => f.SettlementsAsync(r, "generic"), "/api/settlements/generic", body, Deliveries.Signed(body));

        Assert.True(status == StatusCodes.Status202Accepted, json);
        Assert.Equal(WriteCommandKind.Of<JournalEntryPost>(), WriteCommandSerializer.Deserialize((await app.Queue.ReceiveAsync())!.Body).Kind);
    }

    [Fact]
    public async Task OrdersAsync_UnknownSource_Returns404ProblemAndEnqueuesNothing()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Order("WEB-1", "buyer@example.test", "ANY-SKU");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "nosuchshop"), "/api/orders/nosuchshop", body, Deliveries.Signed(body));

        AssertProblem(StatusCodes.Status404NotFound, IntakeProblems.UnknownSourceType, "source", status, contentType, json);
        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public async Task OrdersAsync_BadSignature_Returns401Problem()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Order("WEB-2", "buyer@example.test", "ANY-SKU");
        var wrongKey = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-configured-key-0123456789"));

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body, wrongKey));

        AssertProblem(StatusCodes.Status401Unauthorized, IntakeProblems.SignatureType, "webhook-signature", status, contentType, json);
        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public async Task OrdersAsync_WrongContentType_Returns415Problem()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Deliveries.Order("WEB-3", "buyer@example.test", "ANY-SKU");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body), "text/xml");

        AssertProblem(StatusCodes.Status415UnsupportedMediaType, IntakeProblems.UnsupportedMediaTypeType, "Content-Type", status, contentType, json);
    }

    [Fact]
    public async Task OrdersAsync_NotJson_Returns400Problem()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Encoding.UTF8.GetBytes("{\"externalId\": ");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body));

        AssertProblem(StatusCodes.Status400BadRequest, IntakeProblems.MalformedType, "body", status, contentType, json);
    }

    [Fact]
    public async Task OrdersAsync_OrderWithoutLines_Returns422NamingTheField()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var body = Encoding.UTF8.GetBytes("""{"externalId":"WEB-4","orderDate":"2026-11-22T16:05:31Z","currency":"USD","customer":{"email":"a@b.test"},"shipTo":{"name":"A","line1":"1 Main","city":"X","postalCode":"1","country":"US"},"lines":[]}""");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body));

        AssertProblem(StatusCodes.Status422UnprocessableEntity, IntakeProblems.ValidationType, "lines", status, contentType, json);
    }

    [Fact]
    public async Task OrdersAsync_QueueUnavailable_Returns503ProblemNot500()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, replace: s => s.Replace(ServiceDescriptor.Singleton<ICommandQueue>(new UnavailableQueue())));
        var body = Deliveries.Order("WEB-5", "buyer@example.test", "ANY-SKU");

        var (status, contentType, json) = await PostAsync(app, (f, r) => f.OrdersAsync(r, "generic"), "/api/orders/generic", body, Deliveries.Signed(body));

        AssertProblem(StatusCodes.Status503ServiceUnavailable, IntakeProblems.UnavailableType, "queue", status, contentType, json);
    }

    [Fact]
    public async Task OrdersAsync_DeclaredLengthOverLimit_Returns413WithoutReadingTheBody()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["Intake:MaxBodyBytes"] = "1024");
        var http = app.Request(HttpMethods.Post, "/api/orders/generic");
        var body = new CountingStream(10 * 1024 * 1024, throwOnRead: true);
        http.Request.Body = body;
        http.Request.ContentLength = body.Length;

        var result = await app.Function<IntakeFunctions>().OrdersAsync(http.Request, "generic");
        var (status, contentType, json) = await FunctionsApp.ExecuteAsync(result, http);

        AssertProblem(StatusCodes.Status413PayloadTooLarge, IntakeProblems.PayloadTooLargeType, "body", status, contentType, json);
        Assert.Equal(0, body.BytesRead);
        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public async Task OrdersAsync_StreamedBodyOverLimit_Returns413AfterReadingAtMostLimitPlusOne()
    {
        await using var app = FunctionsApp.Start(fixture.Sandbox, s => s["Intake:MaxBodyBytes"] = "1024");
        var http = app.Request(HttpMethods.Post, "/api/orders/generic");
        var body = new CountingStream(10 * 1024 * 1024);
        http.Request.Body = body; // no Content-Length: chunked upload

        var result = await app.Function<IntakeFunctions>().OrdersAsync(http.Request, "generic");
        var (status, _, _) = await FunctionsApp.ExecuteAsync(result, http);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.Equal(1025, body.BytesRead);
    }

    [Theory]
    [InlineData(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status413PayloadTooLarge)]
    [InlineData(StatusCodes.Status400BadRequest, StatusCodes.Status400BadRequest)]
    public async Task OrdersAsync_ServerRefusesTheBodyWhileReading_AnswersA4xxProblem(int serverStatus, int expected)
    {
        // Kestrel throws BadHttpRequestException for its own body limit (413) or a broken upload (400).
        await using var app = FunctionsApp.Start(fixture.Sandbox);
        var http = app.Request(HttpMethods.Post, "/api/orders/generic");
        http.Request.Body = new CountingStream(4096, failure: new BadHttpRequestException("Unexpected end of request content.", serverStatus));

        var result = await app.Function<IntakeFunctions>().OrdersAsync(http.Request, "generic");
        var (status, contentType, _) = await FunctionsApp.ExecuteAsync(result, http);

        Assert.Equal(expected, status);
        Assert.StartsWith(IntakeProblem.MediaType, contentType, StringComparison.Ordinal);
        Assert.Equal(0, app.Queue.ActiveMessageCount);
    }

    [Fact]
    public async Task SettlementsAsync_BodyOverOrderLimitButUnderSettlementLimit_IsRead()
    {
        // Settlement flat files are larger than orders; their own limit applies.
        await using var app = FunctionsApp.Start(fixture.Sandbox, s =>
        {
            s["Intake:MaxBodyBytes"] = "1024";
            s["Intake:MaxSettlementBodyBytes"] = "65536";
        });
        var body = Deliveries.Settlement("PAYOUT-" + new string('9', 1200));
        Assert.True(body.Length > 1024);

        var (status, _, json) = await PostAsync(app, (f, r) => f.SettlementsAsync(r, "generic"), "/api/settlements/generic", body, Deliveries.Signed(body));

        Assert.NotEqual(StatusCodes.Status413PayloadTooLarge, status);
        Assert.DoesNotContain(IntakeProblems.PayloadTooLargeType, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(IntakeFunctions.OrdersAsync), "IntakeOrders", "orders/{source}")]
    [InlineData(nameof(IntakeFunctions.SettlementsAsync), "IntakeSettlements", "settlements/{source}")]
    [InlineData(nameof(IntakeFunctions.CustomersAsync), "IntakeCustomers", "customers/{source}")]
    [InlineData(nameof(IntakeFunctions.PurchaseOrdersAsync), "IntakePurchaseOrders", "purchase-orders")]
    public void Trigger_EveryRoute_IsFunctionLevelPostOnItsRoute(string method, string functionName, string route)
    {
        var info = typeof(IntakeFunctions).GetMethod(method)!;
        var trigger = info.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(functionName, info.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
        Assert.Equal(["post"], trigger.Methods ?? []);
        Assert.Equal(route, trigger.Route);
    }

    private static async Task<(int Status, string? ContentType, string Json)> PostAsync(
        FunctionsApp app, Func<IntakeFunctions, HttpRequest, Task<IActionResult>> call, string path, byte[] body,
        Dictionary<string, string> headers, string contentType = "application/json")
    {
        var http = app.Request(HttpMethods.Post, path, body, contentType, headers);
        var result = await call(app.Function<IntakeFunctions>(), http.Request);
        return await FunctionsApp.ExecuteAsync(result, http);
    }

    private static void AssertProblem(int expectedStatus, string expectedType, string field, int status, string? contentType, string json)
    {
        Assert.True(expectedStatus == status, $"expected {expectedStatus}, got {status}: {json}");
        Assert.StartsWith(IntakeProblem.MediaType, contentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(expectedType, root.GetProperty("type").GetString());
        Assert.Equal(expectedStatus, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        Assert.Contains(root.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class UnavailableQueue : ICommandQueue
    {
        public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("Service Bus namespace unreachable"));
    }
}
