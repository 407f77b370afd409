using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

using P21.Connector.Intake;

using P21.Functions.Http;

namespace P21.Functions.Intake;

/// <summary>
/// Flow 2 (outside → P21): each route hands the raw body and headers to <see cref="OrderIntake"/> and answers with its
/// verdict. Bodies over the limit are refused with 413 before they are read in full.
/// </summary>
public sealed class IntakeFunctions(OrderIntake intake, IOptions<IntakeOptions> options)
{
    /// <summary><c>POST /api/orders/{source}</c>: a storefront's order webhook.</summary>
    [Function("IntakeOrders")]
    public Task<IActionResult> OrdersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders/{source}")] HttpRequest req, string source) =>
        AcceptAsync(req, source, IntakeKind.Orders);

    /// <summary><c>POST /api/settlements/{source}</c>: a marketplace settlement report.</summary>
    [Function("IntakeSettlements")]
    public Task<IActionResult> SettlementsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "settlements/{source}")] HttpRequest req, string source) =>
        AcceptAsync(req, source, IntakeKind.Settlements);

    /// <summary><c>POST /api/customers/{source}</c>: a customer created or changed on a platform.</summary>
    [Function("IntakeCustomers")]
    public Task<IActionResult> CustomersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "customers/{source}")] HttpRequest req, string source) =>
        AcceptAsync(req, source, IntakeKind.Customers);

    /// <summary><c>POST /api/purchase-orders</c>: a purchase order in the generic schema.</summary>
    [Function("IntakePurchaseOrders")]
    public Task<IActionResult> PurchaseOrdersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "purchase-orders")] HttpRequest req) =>
        AcceptAsync(req, "generic", IntakeKind.PurchaseOrders);

    private async Task<IActionResult> AcceptAsync(HttpRequest req, string source, IntakeKind kind)
    {
        ArgumentNullException.ThrowIfNull(req);
        var cancellationToken = req.HttpContext.RequestAborted;
        var limit = kind == IntakeKind.Settlements ? options.Value.MaxSettlementBodyBytes : options.Value.MaxBodyBytes;
        ReadOnlyMemory<byte>? body;
        try
        {
            body = await CappedBody.ReadAsync(req, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limit or a broken upload: the sender's fault, so a 4xx with the server's status.
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ProblemResults.TooLarge(limit)
                : ProblemResults.Make(IntakeProblems.MalformedType, "Malformed body", StatusCodes.Status400BadRequest,
                    "The request body could not be read.", "body", ex.Message);
        }

        if (body is not { } bytes)
        {
            return ProblemResults.TooLarge(limit);
        }

        var request = new IntakeRequest(source, IntakeKinds.Name(kind), req.ContentType, Headers(req), bytes);
        return await intake.AcceptAsync(request, cancellationToken).ConfigureAwait(false) switch
        {
            IntakeResult.Accepted accepted => new JsonResult(new IntakeAcceptedBody(accepted.CommandId, accepted.IdempotencyKey), HttpJsonContext.Default.Options)
            {
                StatusCode = StatusCodes.Status202Accepted,
            },
            IntakeResult.Acknowledged acknowledged => new JsonResult(new IntakeAcknowledgedBody("acknowledged", acknowledged.Reason), HttpJsonContext.Default.Options)
            {
                StatusCode = StatusCodes.Status200OK,
            },
            IntakeResult.Rejected rejected => ProblemResults.From(rejected.Problem),
            var other => throw new InvalidOperationException($"Intake returned an unknown result {other.GetType().Name}."),
        };
    }

    // Signatures name headers case-insensitively; a repeated header is joined as RFC 9110 says a recipient may.
    private static Dictionary<string, string> Headers(HttpRequest req) =>
        req.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
}
