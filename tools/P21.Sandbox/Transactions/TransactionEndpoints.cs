using System.Text.Json;

using P21.Sandbox.Auth;
using P21.Sandbox.Json;
using P21.Sandbox.OData;

namespace P21.Sandbox.Transactions;

/// <summary>The Transaction API on the UI server: transaction, transaction/get, transaction/async, definition and services.</summary>
internal static class TransactionEndpoints
{
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup(UiServer.BasePath + "/api/v2");
        api.AddEndpointFilter(static async (context, next) =>
        {
            // P21 2026.1 answers an empty 500 when the client does not ask for JSON.
            return !ODataEndpoints.WantsJson(context.HttpContext.Request) ? Results.StatusCode(StatusCodes.Status500InternalServerError) : await next(context);
        });

        api.MapPost("/transaction", static (HttpContext context, TransactionProcessor processor, SandboxOptions options) =>
            HandleAsync(context, options, static async (p, request, service, ct) =>
                Results.Json(await p.RunAsync(request, service, ct), SandboxJsonContext.Default.TransactionResponse), processor));
        api.MapPost("/transaction/get", static (HttpContext context, TransactionProcessor processor, SandboxOptions options) =>
            HandleAsync(context, options, static async (p, request, service, ct) =>
                Results.Json(await p.GetAsync(request, service, ct), SandboxJsonContext.Default.TransactionGetResponse), processor));
        api.MapPost("/transaction/async", static (HttpContext context, TransactionProcessor processor, AsyncTransactionQueue queue, SandboxOptions options) =>
            HandleAsync(context, options, (_, request, service, _) =>
                Task.FromResult(Results.Json(queue.Enqueue(request, service), SandboxJsonContext.Default.AsyncTransactionState, statusCode: StatusCodes.Status202Accepted)), processor));
        api.MapGet("/transaction/async", static (string? id, AsyncTransactionQueue queue) =>
            string.IsNullOrWhiteSpace(id)
                ? BadRequest("id is required: GET transaction/async?id={RequestId}.")
                : queue.Find(id) is { } state
                    ? Results.Json(state, SandboxJsonContext.Default.AsyncTransactionState)
                    : Results.Json(P21Error.Create($"Request {id} was not found.", "P21.Common.Exceptions.NotFoundException"), SandboxJsonContext.Default.P21Error, statusCode: StatusCodes.Status404NotFound));
        api.MapGet("/definition/{service}", static (string service) =>
            ServiceCatalog.Services.TryGetValue(service, out TransactionDefinition? definition)
                ? Results.Json(DefinitionDocument.For(definition), SandboxJsonContext.Default.ServiceDefinitionResponse)
                : WindowNotAvailable(service));
        api.MapGet("/services", static () =>
            Results.Json(ServiceCatalog.Services.Keys.Select(static name => new ServiceSummary(name, $"{name} window")).ToList(), SandboxJsonContext.Default.ListServiceSummary));
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        SandboxOptions options,
        Func<TransactionProcessor, TransactionRequest, TransactionDefinition, CancellationToken, Task<IResult>> run,
        TransactionProcessor processor)
    {
        TransactionRequest? request;
        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            SandboxJsonContext json = options.LenientTransactionBinding ? SandboxJsonContext.Lenient : SandboxJsonContext.Default;
            request = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("ServiceName", out _)
                ? FromGetRequest(document.RootElement.Deserialize(json.TransactionGetRequest))
                : document.RootElement.Deserialize(json.TransactionRequest);
        }
        catch (JsonException ex)
        {
            return BadRequest($"The request body is not a valid transaction: {ex.Message}");
        }

        if (request?.Name is null)
        {
            return BadRequest("Name is required (property names are case-sensitive).");
        }

        if (!ServiceCatalog.Services.TryGetValue(request.Name, out TransactionDefinition? service))
        {
            return WindowNotAvailable(request.Name);
        }

        if (request.Transactions is null || request.Transactions.Count == 0)
        {
            return BadRequest("Transactions is required.");
        }

        // Lenient binding: an unbound Status keeps P21's default, New.
        if (request.Transactions.FirstOrDefault(t => t.Status != "New" && !(options.LenientTransactionBinding && t.Status is null)) is { } wrong)
        {
            return BadRequest($"Transaction Status '{wrong.Status}' is not supported; send \"New\" for creates and updates.");
        }

        return await run(processor, request, service, context.RequestAborted);
    }

    // transaction/get documents {ServiceName, TransactionStates[{DataElementName, Keys[{Name, Value}]}]}; the sandbox reads it
    // through the same key path as a transaction whose element rows carry only the key edits.
    private static TransactionRequest? FromGetRequest(TransactionGetRequest? get) =>
        get is null
            ? null
            : new TransactionRequest(
                get.ServiceName,
                UseCodeValues: false,
                IgnoreDisabled: false,
                [.. (get.TransactionStates ?? []).Select(static state => new TransactionSet(
                    "New",
                    [new DataElement(
                        state.DataElementName,
                        Type: null,
                        [.. (state.Keys ?? []).Select(static k => k.Name ?? "")],
                        [new DataRow([.. (state.Keys ?? []).Select(static k => new FieldEdit(k.Name, k.Value, IgnoreIfEmpty: null))], RelativeDateEdits: null)])]))]);

    private static IResult BadRequest(string message) =>
        Results.Json(P21Error.Create(message, "System.ArgumentException"), SandboxJsonContext.Default.P21Error, statusCode: StatusCodes.Status400BadRequest);

    private static IResult WindowNotAvailable(string service) =>
        Results.Json(new BusinessError($"Window {service} is not available.", "P21.UI.Service.WindowNotAvailableException"), SandboxJsonContext.Default.BusinessError,
            statusCode: StatusCodes.Status500InternalServerError);
}
