using System.Globalization;
using System.Net;

using Microsoft.Extensions.Options;

namespace P21.Connector.Amazon;

/// <summary>
/// What an operator needs to know before the Amazon pulls run: the login works, the seller sells in the configured
/// marketplaces, and the app holds the roles each pull needs (Inventory and Order Tracking for getOrders, the PII roles
/// for restricted data when <c>Amazon:Orders:RestrictedData</c> is on, Finance and Accounting for settlement reports).
/// Each check makes one call at most, paced by the usage plans like every other call; nothing is written.
/// </summary>
public sealed class AmazonSellerCheck
{
    private readonly SpApiClient _client;
    private readonly LwaTokens _tokens;
    private readonly IOptionsMonitor<AmazonOptions> _options;
    private readonly TimeProvider _time;

    internal AmazonSellerCheck(SpApiClient client, LwaTokens tokens, IOptionsMonitor<AmazonOptions> options, TimeProvider time)
    {
        _client = client;
        _tokens = tokens;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// Runs the checks in order; after a refused login the others are not tried (they would fail the same way).
    /// With no Amazon setting at all, one failed line says which settings to set.
    /// </summary>
    public async Task<IReadOnlyList<AmazonSellerCheckLine>> RunAsync(CancellationToken cancellationToken)
    {
        AmazonOptions options = _options.CurrentValue;
        if (!options.IsConfigured)
        {
            return [new("settings", false, "no Amazon setting is present", "set Amazon:Region, Amazon:ClientId, Amazon:ClientSecretName, Amazon:RefreshTokenName and Amazon:MarketplaceIds (docs/amazon.md)")];
        }

        List<AmazonSellerCheckLine> lines = [];
        try
        {
            await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            lines.Add(new("login", true, $"Login with Amazon issued an access token for {options.ClientId}"));
        }
        catch (AmazonAuthException e)
        {
            lines.Add(new("login", false, e.Message, "put the seller's current refresh token and the app's client secret into the secrets the settings name"));
            return lines;
        }

        lines.AddRange(await MarketplacesAsync(options, cancellationToken).ConfigureAwait(false));
        lines.Add(await Call("orders", "grant the app the Inventory and Order Tracking role in the Solution Provider Portal, then have the seller authorize it again", async () =>
        {
            // A quiet window close to now: one page at most, and its size says nothing the pull needs.
            DateTimeOffset now = _time.GetUtcNow();
            await foreach (AmazonOrder order in _client.GetOrdersAsync(now.AddHours(-1), now.AddMinutes(-3), false, cancellationToken).ConfigureAwait(false))
            {
                return $"getOrders answered (latest update {Iso(order.LastUpdateDate)})";
            }

            return "getOrders answered (no order updated in the last hour)";
        }).ConfigureAwait(false));
        if (options.Orders.RestrictedData)
        {
            lines.Add(await Call("restricted data", "grant the app the Direct-to-Consumer Shipping role (restricted), or set Amazon:Orders:RestrictedData to false and Writer:HouseCustomerIds:amazon to a house customer", async () =>
            {
                await _client.RestrictedTokenAsync(SpApiClient.OrdersPath, cancellationToken).ConfigureAwait(false);
                return "createRestrictedDataToken issued a token for buyer and shipping address (Amazon:Orders:RestrictedData)";
            }).ConfigureAwait(false));
        }

        lines.Add(await Call("settlement reports", "grant the app the Finance and Accounting role, then have the seller authorize it again", async () =>
        {
            await foreach (AmazonReport report in _client.GetReportsAsync(AmazonReport.SettlementV2FlatFile, _time.GetUtcNow() - AmazonSettlementsOptions.MaxLookback, cancellationToken).ConfigureAwait(false))
            {
                return $"getReports answered (a settlement report created {Iso(report.CreatedTime)})";
            }

            return "getReports answered (no settlement report in the last 90 days; Amazon makes one about every 14 days once the account has sales)";
        }).ConfigureAwait(false));
        return lines;
    }

    private async Task<IEnumerable<AmazonSellerCheckLine>> MarketplacesAsync(AmazonOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<AmazonMarketplaceParticipation> participations;
        try
        {
            participations = await _client.GetMarketplaceParticipationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SpApiException e)
        {
            return [new("seller", false, e.Message, "check Amazon:Region (or Amazon:Endpoint): the seller must have authorized this app in that region")];
        }

        string stores = string.Join(", ", participations.Select(p => p.StoreName).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal));
        string all = string.Join(", ", participations.Where(p => p.Participation.IsParticipating).Select(p => $"{p.Marketplace.Id} ({p.Marketplace.CountryCode})"));
        List<AmazonSellerCheckLine> lines = [new("seller", true, $"store {(stores.Length == 0 ? "(unnamed)" : stores)}, selling in {participations.Count(p => p.Participation.IsParticipating)} marketplace(s): {all}")];
        foreach (string id in options.MarketplaceIds.Select(m => m.Trim()))
        {
            string name = $"marketplace {id}";
            AmazonMarketplaceParticipation? found = participations.FirstOrDefault(p => string.Equals(p.Marketplace.Id, id, StringComparison.Ordinal));
            lines.Add(found switch
            {
                null => new(name, false, "not a marketplace of this seller", $"set Amazon:MarketplaceIds to marketplaces the seller sells in: {all}"),
                { Participation.IsParticipating: false } => new(name, false, $"{Describe(found)}: the seller does not participate", "remove it from Amazon:MarketplaceIds, or activate the marketplace in Seller Central"),
                { Participation.HasSuspendedListings: true } => new(name, true, $"{Describe(found)}: participating, with suspended listings (Seller Central, Account Health)"),
                _ => new(name, true, $"{Describe(found)}: participating"),
            });
        }

        return lines;
    }

    private static async Task<AmazonSellerCheckLine> Call(string name, string roleRemedy, Func<Task<string>> call)
    {
        try
        {
            return new(name, true, await call().ConfigureAwait(false));
        }
        catch (SpApiException e)
        {
            // A second 403 after a fresh token is the app's roles, not the token (SpApiClient renews once).
            return new(name, false, e.Message, e.Status switch
            {
                HttpStatusCode.Forbidden => roleRemedy,
                HttpStatusCode.BadRequest => "check Amazon:MarketplaceIds against the marketplace lines above: Amazon refuses a call naming a marketplace the seller does not sell in",
                _ => "try again later; if it persists, see the SP-API status page",
            });
        }
    }

    private static string Describe(AmazonMarketplaceParticipation p) =>
        $"{p.Marketplace.Name ?? p.Marketplace.Id} ({p.Marketplace.CountryCode}, {p.Marketplace.DefaultCurrencyCode})";

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
