using System.Net;
using System.Text.Json;

namespace P21.Connector.Amazon;

/// <summary>
/// The Sellers API v1 (models/sellers-api-model/sellers.json): <c>getMarketplaceParticipations</c>, usage plan
/// 0.016 requests/s, burst 15. It needs no role beyond a valid authorization, so it tells a refused login from a
/// missing role.
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>The marketplaces the authorizing seller may sell in, and their standing in each.</summary>
    /// <exception cref="SpApiException">Amazon refused the call, or it kept failing.</exception>
    public async Task<IReadOnlyList<AmazonMarketplaceParticipation>> GetMarketplaceParticipationsAsync(CancellationToken cancellationToken)
    {
        string body = await SendAsync("getMarketplaceParticipations", HttpMethod.Get, "/sellers/v1/marketplaceParticipations", null, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, AmazonJsonContext.Default.AmazonMarketplaceParticipations)?.Payload
                ?? throw new SpApiException("InvalidResponse", "getMarketplaceParticipations answered no payload", HttpStatusCode.OK);
        }
        catch (JsonException e)
        {
            throw new SpApiException($"getMarketplaceParticipations answered JSON that does not match sellers.json ({e.Path})", e);
        }
    }
}
