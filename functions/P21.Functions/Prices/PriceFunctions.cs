using System.Globalization;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Poll.Pricing;
using P21.Functions.Http;

namespace P21.Functions.Prices;

/// <summary>
/// Each B2B buyer's own net price, from P21's price engine on demand (<see cref="CustomerPrices"/>, short cache):
/// <c>GET /api/prices/{customerId}?items=A,B&amp;qty=5</c> for a catalogue page, <c>POST /api/prices/batch</c> for any mix of
/// customers, items and quantities.
/// </summary>
public sealed class PriceFunctions(CustomerPrices prices, IP21ClientProvider clients, IOptions<PricesOptions> options)
{
    /// <summary>
    /// 200 with the customer's price of every known item; 404 when P21 knows the customer not, or none of the items;
    /// 400 naming the bad parameter.
    /// </summary>
    /// <remarks><c>items</c> is comma-separated and may repeat (<c>?items=A&amp;items=B</c>); an id holding a comma must use the batch call.</remarks>
    [Function("CustomerPrices")]
    public async Task<IActionResult> CustomerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "prices/{customerId}")] HttpRequest req, string customerId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var items = req.Query["items"].SelectMany(v => (v ?? "").Split(',')).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            return Invalid("No item ids", "Name the items: GET /api/prices/{customerId}?items=A,B[&qty=N].", "items", "must hold at least one item id.");
        }

        decimal quantity = 1m;
        if (req.Query["qty"].ToString() is { Length: > 0 } qty && !decimal.TryParse(qty, NumberStyles.Number, CultureInfo.InvariantCulture, out quantity))
        {
            return Invalid("Bad quantity", $"qty '{qty}' is not a number.", "qty", "must be a number above zero.");
        }

        return await PriceAsync(req, [.. items.Select(i => new PriceQuestion(customerId, i, quantity))], answers =>
        {
            if (answers.UnknownCustomers.Count > 0)
            {
                return ProblemResults.Make(ProblemResults.UnknownCustomerType, "Unknown customer", StatusCodes.Status404NotFound,
                    $"P21 has no live customer '{customerId}'.", "customerId", "is not a P21 customer id.");
            }

            if (answers.Prices.Count == 0 && answers.Unpriceable.Count == 0)
            {
                return ProblemResults.Make(ProblemResults.UnknownItemType, "Unknown item", StatusCodes.Status404NotFound,
                    $"P21 has no live item '{string.Join("', '", items)}'.", "items", "are not P21 item ids.");
            }

            if (answers.Prices.Count == 0)
            {
                // Known to be a limit of P21's route, not of the request: 422, so a storefront can show its list price instead.
                return ProblemResults.Make(ProblemResults.UnpriceableItemType, "Item cannot be priced", StatusCodes.Status422UnprocessableEntity,
                    $"P21's price call cannot address '{string.Join("', '", answers.Unpriceable.Select(q => q.ItemId))}': an item id holding a '/' is 404 there however it is encoded.",
                    "items", "hold a '/'.");
            }

            return Ok(new CustomerPriceResponse(answers.Prices[0].CustomerId, answers.Prices, [.. answers.UnknownItems.Select(q => q.ItemId)], [.. answers.Unpriceable.Select(q => q.ItemId)]),
                HttpJsonContext.Default.CustomerPriceResponse);
        }).ConfigureAwait(false);
    }

    /// <summary>200 with every answerable price and the unknown customers and items; 400 naming the bad field.</summary>
    [Function("PriceBatch")]
    public async Task<IActionResult> BatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "prices/batch")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var (request, problem) = await JsonBody.ReadAsync(req, options.Value.MaxBatchBodyBytes, HttpJsonContext.Default.PriceBatchRequest,
            "{\"prices\": [{\"customerId\": \"...\", \"itemId\": \"...\", \"qty\": 1}]}").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var lines = request?.Prices ?? [];
        if (lines.Count == 0)
        {
            return Invalid("No prices", "Send {\"prices\": [{\"customerId\": \"...\", \"itemId\": \"...\"}]} with at least one line.", "prices", "must hold at least one line.");
        }

        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not { CustomerId.Length: > 0, ItemId.Length: > 0 })
            {
                return Invalid("Incomplete line", $"Line {i} needs a customerId and an itemId.", $"prices[{i}]", "needs customerId and itemId.");
            }
        }

        return await PriceAsync(req, [.. lines.Select(l => new PriceQuestion(l!.CustomerId!, l.ItemId!, l.Qty ?? 1m))],
            answers => Ok(new PriceBatchResponse(answers.Prices, answers.UnknownCustomers, answers.UnknownItems, answers.Unpriceable), HttpJsonContext.Default.PriceBatchResponse)).ConfigureAwait(false);
    }

    private async Task<IActionResult> PriceAsync(HttpRequest req, IReadOnlyCollection<PriceQuestion> questions, Func<PriceAnswers, IActionResult> answer)
    {
        var connection = ConnectionChoice.Resolve(clients.ConnectionNames, req.Query["connection"], options.Value.DefaultConnection);
        if (connection is null)
        {
            return ProblemResults.UnknownConnection(clients.ConnectionNames, "Prices:DefaultConnection");
        }

        try
        {
            return answer(await prices.GetAsync(connection, questions, req.HttpContext.RequestAborted).ConfigureAwait(false));
        }
        catch (PriceQuestionException ex)
        {
            return Invalid("Bad price request", ex.Reason, ex.ParamName ?? "prices", ex.Reason);
        }
        catch (Exception ex) when (ex is P21RequestFailedException or P21AuthenticationException or HttpRequestException)
        {
            return ProblemResults.Unavailable("P21 did not answer the price lookup; retry shortly.", "p21");
        }
    }

    private static JsonResult Invalid(string title, string detail, string field, string message) =>
        ProblemResults.Make(ProblemResults.InvalidRequestType, title, StatusCodes.Status400BadRequest, detail, field, message);

    private static JsonResult Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        new(value, type.Options) { StatusCode = StatusCodes.Status200OK };
}
