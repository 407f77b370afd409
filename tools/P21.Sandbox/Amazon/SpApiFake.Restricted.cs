using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// Restricted data and order changes. <c>POST /tokens/2021-03-01/restrictedDataToken</c> follows
/// models/tokens-api-model/tokensApi_2021-03-01.json (usage plan 1 request/s, burst 10): it needs a live access
/// token, answers <c>restrictedDataToken</c> + <c>expiresIn</c>, and is refused 403 when the app lacks the PII roles
/// (<see cref="RestrictedDataRoles"/>). getOrders called with such a token answers <c>BuyerInfo</c> and the whole
/// <c>ShippingAddress</c>; with a plain access token it answers only the address's city, region, postal code and
/// country, as SP-API does for apps without restricted roles.
/// </summary>
public sealed partial class SpApiFake
{
    /// <summary>createRestrictedDataToken's published usage plan: 1 request per second, burst 10.</summary>
    public static readonly (double Rate, int Burst) RestrictedDataTokenPlan = (1, 10);

    private static readonly string[] UnrestrictedAddressFields = ["City", "StateOrRegion", "PostalCode", "CountryCode"];

    private readonly HashSet<string> _restrictedTokens = new(StringComparer.Ordinal);

    /// <summary>Whether the seller granted the app the PII roles; without them no restricted data token is issued.</summary>
    public bool RestrictedDataRoles { get; set; } = true;

    public int RestrictedTokenCalls;

    /// <summary>Changes a seeded order's status as Amazon does (shipped, cancelled), which moves its <c>LastUpdateDate</c>.</summary>
    public void Update(string amazonOrderId, string status, DateTimeOffset lastUpdate)
    {
        lock (_gate)
        {
            JsonObject order = _orders.Single(o => o["AmazonOrderId"]!.GetValue<string>() == amazonOrderId);
            order["OrderStatus"] = status;
            order["LastUpdateDate"] = Iso(lastUpdate);
        }
    }

    /// <summary>Replaces a seeded order's items (a correction on Amazon's side), keeping its <c>LastUpdateDate</c>.</summary>
    public void ReplaceItems(string amazonOrderId, params (string Sku, int Quantity, decimal LineTotal)[] items)
    {
        lock (_gate)
        {
            _items[amazonOrderId] = [.. items.Select((item, n) => Item(amazonOrderId, item, n))];
        }
    }

    private async Task<IResult> RestrictedDataTokenAsync(HttpContext context)
    {
        JsonNode? body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        lock (_gate)
        {
            RestrictedTokenCalls++;
            if (Refused(context, "createRestrictedDataToken", RestrictedDataTokenPlan) is { } refused)
            {
                return refused;
            }

            if (body?["restrictedResources"] is not JsonArray { Count: > 0 } resources
                || resources.Any(r => r?["method"]?.GetValue<string>() is null || r["path"]?.GetValue<string>() is null))
            {
                return Error(400, "InvalidInput", "Invalid Input", "restrictedResources needs at least one entry with method and path");
            }

            if (!RestrictedDataRoles)
            {
                UnauthorizedAnswers++;
                return Error(403, "Unauthorized", "Access to requested resource is denied.", "The application is not authorized for the requested restricted resources.");
            }

            string token = $"Atz.sprdt|fake-rdt-{++_issued:D4}";
            _tokens[token] = clock.GetUtcNow().AddHours(1);
            _restrictedTokens.Add(token);
            return Results.Json(new JsonObject { ["restrictedDataToken"] = token, ["expiresIn"] = 3600 });
        }
    }

    private static JsonObject WithoutRestrictedData(JsonObject order, bool restricted)
    {
        var copy = (JsonObject)order.DeepClone();
        if (restricted)
        {
            return copy;
        }

        copy.Remove("BuyerInfo");
        if (copy["ShippingAddress"] is JsonObject address)
        {
            foreach (string field in address.Select(p => p.Key).Where(k => !UnrestrictedAddressFields.Contains(k)).ToList())
            {
                address.Remove(field);
            }
        }

        return copy;
    }
}
