using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;
using P21.Sandbox.Json;

namespace P21.Sandbox.Rest;

/// <summary>
/// P21's price-engine call (p21-api.md, S1 <c>11-Inventory-REST-API.md</c>):
/// <c>GET /api/inventory/parts/{ItemId}/v2/price?companyId&amp;customerId&amp;salesLocId&amp;sourceLocId&amp;uom&amp;priceUom&amp;unitQuantity</c>,
/// also at <c>/api/inventory/v2/parts/v2/price/{ItemId}</c>, answered by <see cref="PriceEngine"/>. An item id holding a
/// <c>/</c> cannot be addressed (404), as on the part itself.
/// </summary>
internal static class PartPriceEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/inventory/parts/{itemId}/v2/price", GetAsync);
        app.MapGet("/api/inventory/v2/parts/v2/price/{itemId}", GetAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string itemId, SandboxDatabase db, SandboxClock clock)
    {
        HttpRequest request = context.Request;
        if (InventoryPartEndpoints.Unaddressable(itemId) is { } notFound)
        {
            return notFound(request);
        }

        string? companyId = request.Query["companyId"];
        if (string.IsNullOrWhiteSpace(companyId))
        {
            return BadRequest(request, "companyId is required.");
        }

        if (!TryWhole(request.Query["customerId"], out decimal customerId))
        {
            return BadRequest(request, "customerId is required and must be a whole number.");
        }

        decimal quantity = 1m;
        if (request.Query["unitQuantity"].ToString() is { Length: > 0 } q
            && (!decimal.TryParse(q, NumberStyles.Number, CultureInfo.InvariantCulture, out quantity) || quantity <= 0))
        {
            return BadRequest(request, $"unitQuantity '{q}' must be a number above zero.");
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        var locations = new decimal?[2];
        string[] locationParameters = ["salesLocId", "sourceLocId"];
        for (int i = 0; i < locationParameters.Length; i++)
        {
            if (request.Query[locationParameters[i]].ToString() is not { Length: > 0 } text)
            {
                continue;
            }

            // The location only has to exist: the sandbox prices alike at every location.
            if (!TryWhole(text, out decimal location)
                || await session.RowAsync("SELECT location_id FROM location WHERE company_id = $c AND location_id = $l AND delete_flag = 'N'",
                    context.RequestAborted, ("$c", companyId), ("$l", (long)location)) is null)
            {
                return BadRequest(request, $"{locationParameters[i]} '{text}' is not a location of company {companyId}.");
            }

            locations[i] = location;
        }

        string? uom = request.Query["uom"];
        var question = new PriceQuestion(companyId, customerId, itemId, quantity, uom);
        PriceQuote quote = await PriceEngine.QuoteAsync(session, question, clock.LocalNow, context.RequestAborted);
        string? unit = string.IsNullOrEmpty(uom) ? quote.UnitOfMeasure : uom;
        return quote.Refusal switch
        {
            PriceRefusal.UnknownItem => InventoryPartEndpoints.NotFound(request, itemId),
            PriceRefusal.UnknownCustomer => InventoryPartEndpoints.Error(request, P21Error.Create(quote.Message!, "P21.Common.Exceptions.NotFoundException"), StatusCodes.Status404NotFound),
            PriceRefusal.BadParameter => BadRequest(request, quote.Message!),
            _ => RestResponses.Answer(request, new PartPrice(
                    itemId, companyId, customerId, locations[0], locations[1], unit, request.Query["priceUom"].ToString() is { Length: > 0 } priceUom ? priceUom : unit,
                    quantity, quote.UnitPrice, Math.Round(quote.UnitPrice * quantity, 2, MidpointRounding.AwayFromZero), quote.BasePrice, quote.Source.ToString(),
                    quote.PricePageUid, quote.PriceBookId, quote.BreakQuantity),
                RestJsonContext.Default.PartPrice, "PartPrice", static n => n),
        };
    }

    private static bool TryWhole(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value) && value == decimal.Truncate(value) && value > 0;

    private static IResult BadRequest(HttpRequest request, string message) =>
        InventoryPartEndpoints.Error(request, P21Error.Create(message, "System.ArgumentException"), StatusCodes.Status400BadRequest);
}
