using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// The Listings Items API 2021-08-01 (models/listings-items-api-model/listingsItems_2021-08-01.json) for quantities:
/// <c>GET</c> and <c>PATCH /listings/2021-08-01/items/{sellerId}/{sku}</c> at the published usage plan (5 requests/s,
/// burst 10). Only <see cref="SellerId"/>'s listings exist (another seller id answers 403, as SP-API does for a seller
/// that did not authorize the app); <c>marketplaceIds</c> is required. A patch must name <c>productType</c> and at least
/// one operation (<c>add</c>, <c>replace</c>, <c>merge</c> or <c>delete</c>: the current model's operations); a patch of
/// <c>/attributes/fulfillment_availability</c> whose entries lack <c>fulfillment_channel_code</c> or carry a quantity that
/// is not a whole number of at least 0 answers status INVALID with an ERROR issue, as Amazon validates attributes after
/// parsing. <c>merge</c> keeps the other channels' entries; <c>replace</c> replaces the attribute.
/// </summary>
public sealed partial class SpApiFake
{
    /// <summary>The seller whose listings the fake holds.</summary>
    public const string SellerId = "A2EXAMPLE0SELLR";

    /// <summary>getListingsItem and patchListingsItem's published usage plan: 5 requests per second, burst 10.</summary>
    public static readonly (double Rate, int Burst) ListingsPlan = (5, 10);

    private static readonly HashSet<string> PatchOps = new(StringComparer.Ordinal) { "add", "replace", "merge", "delete" };

    private readonly Dictionary<string, Dictionary<string, int>> _listings = new(StringComparer.Ordinal);

    public int ListingLookups;
    public int ListingPatches;

    /// <summary>Patches taken, in order: (SKU, op, body as sent).</summary>
    public List<(string Sku, string Op, string Body)> Patches { get; } = [];

    /// <summary>Lists <paramref name="sku"/> for the seller with a seller-fulfilled (<c>DEFAULT</c>) quantity.</summary>
    public void AddListing(string sku, int quantity = 0)
    {
        lock (_gate)
        {
            _listings[sku] = new Dictionary<string, int>(StringComparer.Ordinal) { ["DEFAULT"] = quantity };
        }
    }

    /// <summary>The quantity a listing has for <paramref name="channel"/>, or null when it has no such entry (or no listing).</summary>
    public int? Quantity(string sku, string channel = "DEFAULT")
    {
        lock (_gate)
        {
            return _listings.TryGetValue(sku, out var channels) && channels.TryGetValue(channel, out int q) ? q : null;
        }
    }

    // Kestrel decodes a path but leaves %2F as it came (so routing sees one segment); Amazon requires the SKU
    // URL-encoded in the path, so the route value is unescaped once here.
    private static string Sku(string routeValue) => Uri.UnescapeDataString(routeValue);

    private void MapListings(WebApplication app)
    {
        app.MapGet("/listings/2021-08-01/items/{sellerId}/{sku}", GetListing);
        app.MapPatch("/listings/2021-08-01/items/{sellerId}/{sku}", (Func<string, string, HttpContext, Task<IResult>>)PatchListingAsync);
    }

    private IResult GetListing(string sellerId, string sku, HttpContext context)
    {
        sku = Sku(sku);
        lock (_gate)
        {
            ListingLookups++;
            if (ListingRefused(context, "getListingsItem", sellerId) is { } refused)
            {
                return refused;
            }

            if (!_listings.TryGetValue(sku, out var channels))
            {
                return Error(404, "NOT_FOUND", $"SKU '{sku}' not found in marketplace {context.Request.Query["marketplaceIds"]}", null);
            }

            var availability = new JsonArray([.. channels.Select(c => (JsonNode)new JsonObject { ["fulfillmentChannelCode"] = c.Key, ["quantity"] = c.Value })]);
            return new RateLimited(Results.Json(new JsonObject
            {
                ["sku"] = sku,
                ["summaries"] = new JsonArray(new JsonObject { ["marketplaceId"] = Marketplace, ["productType"] = "PRODUCT", ["status"] = new JsonArray("BUYABLE") }),
                ["fulfillmentAvailability"] = availability,
            }), ListingsPlan.Rate);
        }
    }

    private async Task<IResult> PatchListingAsync(string sellerId, string sku, HttpContext context)
    {
        sku = Sku(sku);
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        lock (_gate)
        {
            ListingPatches++;
            if (ListingRefused(context, "patchListingsItem", sellerId) is { } refused)
            {
                return refused;
            }

            if (body?["productType"]?.GetValue<string>() is not { Length: > 0 } || body["patches"] is not JsonArray { Count: > 0 } patches)
            {
                return Error(400, "InvalidInput", "Invalid input", "productType and at least one patch are required");
            }

            if (patches.Any(p => p?["op"]?.GetValue<string>() is not { } op || !PatchOps.Contains(op) || p["path"]?.GetValue<string>() is null))
            {
                return Error(400, "InvalidInput", "Invalid input", "each patch needs op (add, replace, merge, delete) and path");
            }

            if (!_listings.TryGetValue(sku, out var channels))
            {
                return Error(404, "NOT_FOUND", $"SKU '{sku}' not found", null);
            }

            var issues = new JsonArray();
            foreach (JsonNode patch in patches.OfType<JsonNode>())
            {
                string op = patch["op"]!.GetValue<string>();
                if (patch["path"]!.GetValue<string>() != "/attributes/fulfillment_availability")
                {
                    continue;
                }

                var entries = new List<(string Channel, int Quantity)>();
                foreach (JsonNode? entry in patch["value"] as JsonArray ?? [])
                {
                    string? channel = entry?["fulfillment_channel_code"]?.GetValue<string>();
                    JsonNode? quantity = entry?["quantity"];
                    if (channel is null || quantity is not JsonValue value || !value.TryGetValue(out int q) || q < 0)
                    {
                        issues.Add(new JsonObject
                        {
                            ["code"] = "90220",
                            ["message"] = "'fulfillment_availability' needs fulfillment_channel_code and a quantity that is a whole number of at least 0",
                            ["severity"] = "ERROR",
                            ["attributeNames"] = new JsonArray("fulfillment_availability"),
                        });
                        continue;
                    }

                    entries.Add((channel, q));
                }

                if (issues.Count > 0)
                {
                    break;
                }

                if (op is "replace" or "add")
                {
                    channels.Clear();
                }

                foreach ((string channel, int q) in entries)
                {
                    if (op == "delete")
                    {
                        channels.Remove(channel);
                    }
                    else
                    {
                        channels[channel] = q;
                    }
                }

                Patches.Add((sku, op, body.ToJsonString()));
            }

            return new RateLimited(Results.Json(new JsonObject
            {
                ["sku"] = sku,
                ["status"] = issues.Count == 0 ? "ACCEPTED" : "INVALID",
                ["submissionId"] = Guid.NewGuid().ToString(),
                ["issues"] = issues,
            }), ListingsPlan.Rate);
        }
    }

    private IResult? ListingRefused(HttpContext context, string operation, string sellerId)
    {
        if (Refused(context, operation, ListingsPlan) is { } refused)
        {
            return refused;
        }

        if (sellerId != SellerId)
        {
            return Error(403, "Unauthorized", "Access to requested resource is denied.", $"The seller {sellerId} has not authorized this application.");
        }

        return Marketplace400(context.Request.Query["marketplaceIds"].ToString());
    }
}
