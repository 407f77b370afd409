using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Poll.Availability;
using P21.Functions.Http;

namespace P21.Functions.Inventory;

/// <summary>
/// Live stock for storefronts, read on demand (the poll slice's availability). <c>GET /api/inventory/{itemId}</c> and <c>POST /api/inventory/batch</c> call
/// <see cref="InventoryAvailability"/> (short cache) on the request's connection.
/// </summary>
public sealed class InventoryFunctions(InventoryAvailability availability, IP21ClientProvider clients, IOptions<InventoryOptions> options)
{
    /// <summary>200 with the item's stock by location, 404 when P21 does not know the item.</summary>
    /// <remarks>Item ids may contain '/', so the route is a catch-all and an encoded id is decoded once.</remarks>
    [Function("InventoryItem")]
    public async Task<IActionResult> ItemAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "inventory/{*itemId}")] HttpRequest req, string itemId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var id = Uri.UnescapeDataString(itemId ?? "").Trim();
        if (id.Length == 0)
        {
            return ProblemResults.Make(ProblemResults.InvalidRequestType, "Item id missing", StatusCodes.Status400BadRequest,
                "Name the item: GET /api/inventory/{itemId}.", "itemId", "is required.");
        }

        return await LookUpAsync(req, [id], found => found.GetValueOrDefault(id) is { } item
            ? Ok(item)
            : ProblemResults.Make(ProblemResults.UnknownItemType, "Unknown item", StatusCodes.Status404NotFound,
                $"P21 has no live item '{id}'.", "itemId", "is not a P21 item id.")).ConfigureAwait(false);
    }

    /// <summary>200 with the stock of every known item and the list of unknown ids.</summary>
    [Function("InventoryBatch")]
    public async Task<IActionResult> BatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "inventory/batch")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var (request, problem) = await JsonBody.ReadAsync(req, options.Value.MaxBatchBodyBytes, HttpJsonContext.Default.InventoryBatchRequest,
            "{\"itemIds\": [\"...\"]}").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var ids = request?.ItemIds?.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (ids.Count == 0)
        {
            return ProblemResults.Make(ProblemResults.InvalidRequestType, "No item ids", StatusCodes.Status400BadRequest,
                "Send {\"itemIds\": [\"...\"]} with at least one id.", "itemIds", "must hold at least one item id.");
        }

        return await LookUpAsync(req, ids, found => Ok(new InventoryBatchResponse(
            [.. ids.Where(found.ContainsKey).Select(i => found[i])],
            [.. ids.Where(i => !found.ContainsKey(i))]))).ConfigureAwait(false);
    }

    private async Task<IActionResult> LookUpAsync(
        HttpRequest req, IReadOnlyCollection<string> ids, Func<IReadOnlyDictionary<string, ItemAvailability>, IActionResult> answer)
    {
        var connection = ConnectionChoice.Resolve(clients.ConnectionNames, req.Query["connection"], options.Value.DefaultConnection);
        if (connection is null)
        {
            return ProblemResults.UnknownConnection(clients.ConnectionNames, "Inventory:DefaultConnection");
        }

        try
        {
            return answer(await availability.GetAsync(connection, ids, req.HttpContext.RequestAborted).ConfigureAwait(false));
        }
        catch (ArgumentException ex)
        {
            // Too many ids for one call: the caller can split the batch.
            return ProblemResults.Make(ProblemResults.InvalidRequestType, "Too many item ids", StatusCodes.Status400BadRequest, ex.Message, "itemIds", ex.Message);
        }
        catch (Exception ex) when (ex is P21RequestFailedException or P21AuthenticationException or HttpRequestException)
        {
            return ProblemResults.Unavailable("P21 did not answer the stock lookup; retry shortly.", "p21");
        }
    }

    private static JsonResult Ok<T>(T value) => new(value, HttpJsonContext.Default.Options) { StatusCode = StatusCodes.Status200OK };
}
