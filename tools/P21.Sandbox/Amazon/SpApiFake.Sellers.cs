using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// The Sellers API v1 (models/sellers-api-model/sellers.json): <c>GET /sellers/v1/marketplaceParticipations</c> at its
/// usage plan (0.016 requests/s, burst 15), answering one entry per marketplace of <see cref="Marketplaces"/> with the
/// published fields. <see cref="DeniedOperations"/> plays an app without the role an operation needs: SP-API answers
/// such a call 403 <c>Unauthorized</c> however fresh the token is.
/// </summary>
public sealed partial class SpApiFake
{
    /// <summary>getMarketplaceParticipations' published usage plan: 0.016 requests per second, burst 15.</summary>
    public static readonly (double Rate, int Burst) GetMarketplaceParticipationsPlan = (0.016, 15);

    private static readonly Dictionary<string, (string Country, string Name, string Currency, string Domain)> KnownMarketplaces = new(StringComparer.Ordinal)
    {
        ["ATVPDKIKX0DER"] = ("US", "Amazon.com", "USD", "www.amazon.com"),
        ["A2EUQ1WTGCTBG2"] = ("CA", "Amazon.ca", "CAD", "www.amazon.ca"),
        ["A1AM78C64UM0Y8"] = ("MX", "Amazon.com.mx", "MXN", "www.amazon.com.mx"),
    };

    /// <summary>The seller's store name, as the Sellers API answers it.</summary>
    public string StoreName { get; set; } = "Acme Industrial Supply";

    /// <summary>Marketplaces listed for the seller but not participating (the account is not active there).</summary>
    public HashSet<string> NotParticipating { get; } = new(StringComparer.Ordinal);

    /// <summary>Marketplaces where the seller has suspended listings.</summary>
    public HashSet<string> SuspendedListings { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations the app has no role for (e.g. <c>getReports</c> without Finance and Accounting): answered 403.</summary>
    public HashSet<string> DeniedOperations { get; } = new(StringComparer.Ordinal);

    public int SellersCalls;

    private void MapSellers(WebApplication app) => app.MapGet("/sellers/v1/marketplaceParticipations", MarketplaceParticipations);

    private IResult MarketplaceParticipations(HttpContext context)
    {
        lock (_gate)
        {
            SellersCalls++;
            if (Refused(context, "getMarketplaceParticipations", GetMarketplaceParticipationsPlan) is { } refused)
            {
                return refused;
            }

            var payload = new JsonArray();
            foreach (string id in Marketplaces.Order(StringComparer.Ordinal))
            {
                (string country, string name, string currency, string domain) = KnownMarketplaces.GetValueOrDefault(id, ("US", id, "USD", "www.amazon.com"));
                payload.Add(new JsonObject
                {
                    ["marketplace"] = new JsonObject
                    {
                        ["id"] = id,
                        ["countryCode"] = country,
                        ["name"] = name,
                        ["defaultCurrencyCode"] = currency,
                        ["defaultLanguageCode"] = "en_" + country,
                        ["domainName"] = domain,
                    },
                    ["participation"] = new JsonObject
                    {
                        ["isParticipating"] = !NotParticipating.Contains(id),
                        ["hasSuspendedListings"] = SuspendedListings.Contains(id),
                    },
                    ["storeName"] = StoreName,
                });
            }

            return new RateLimited(Results.Json(new JsonObject { ["payload"] = payload }), GetMarketplaceParticipationsPlan.Rate);
        }
    }
}
