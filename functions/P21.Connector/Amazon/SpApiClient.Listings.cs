using System.Net;
using System.Text.Json;

namespace P21.Connector.Amazon;

/// <summary>
/// The Listings Items API 2021-08-01 (models/listings-items-api-model/listingsItems_2021-08-01.json):
/// <c>getListingsItem</c> and <c>patchListingsItem</c>, usage plan 5 requests/s, burst 10, on
/// <c>/listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…</c>. A SKU is in the path, so it is escaped as one
/// segment (a P21 item id may hold <c>/</c>).
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>The product type a patch of offer attributes may name for any listing (Amazon's published use case).</summary>
    public const string AnyProductType = "PRODUCT";

    /// <summary>Whether the seller has a listing for <paramref name="sku"/> in the configured marketplaces (404: no).</summary>
    /// <exception cref="SpApiException">Amazon refused the call otherwise, or it kept failing.</exception>
    public async Task<bool> HasListingAsync(string sellerId, string sku, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync("getListingsItem", HttpMethod.Get, ListingPath(sellerId, sku) + "&includedData=summaries", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SpApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets the quantity the seller ships from <paramref name="fulfillmentChannelCode"/> (<c>DEFAULT</c>: the seller's own
    /// stock) with a <c>merge</c> of <c>/attributes/fulfillment_availability</c>, which leaves the listing's other
    /// channels as they are. Amazon answers ACCEPTED (applied asynchronously) or INVALID with its issues.
    /// </summary>
    /// <exception cref="SpApiException">Amazon refused the call (404: no such listing), or it kept failing.</exception>
    public async Task<AmazonListingSubmission> SetQuantityAsync(string sellerId, string sku, string fulfillmentChannelCode, int quantity, CancellationToken cancellationToken)
    {
        var patch = new AmazonListingPatch(AnyProductType,
            [new AmazonPatchOperation("merge", "/attributes/fulfillment_availability", [new AmazonFulfillmentAvailability(fulfillmentChannelCode, Math.Max(0, quantity))])]);
        string body = await SendAsync("patchListingsItem", HttpMethod.Patch, ListingPath(sellerId, sku),
            JsonSerializer.Serialize(patch, AmazonJsonContext.Default.AmazonListingPatch), cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, AmazonJsonContext.Default.AmazonListingSubmission)
                ?? throw new SpApiException("InvalidResponse", "patchListingsItem answered an empty body", HttpStatusCode.OK);
        }
        catch (JsonException e)
        {
            throw new SpApiException($"patchListingsItem answered JSON that does not match listingsItems_2021-08-01.json ({e.Path})", e);
        }
    }

    private string ListingPath(string sellerId, string sku) =>
        $"/listings/2021-08-01/items/{Uri.EscapeDataString(sellerId)}/{Uri.EscapeDataString(sku)}?marketplaceIds="
        + string.Join(',', options.CurrentValue.MarketplaceIds.Select(m => Uri.EscapeDataString(m.Trim())));
}
