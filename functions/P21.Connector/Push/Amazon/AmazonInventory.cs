using Microsoft.Extensions.Logging;

using P21.Connector.Amazon;

namespace P21.Connector.Push.Amazon;

/// <summary>
/// Seller-fulfilled (MFN) quantities through the Listings Items API: a SKU is looked up with <c>getListingsItem</c>
/// (404: the seller has no such listing, so the SKU is not pushed; the push caches what it finds), and each quantity is
/// a <c>patchListingsItem</c> merge of <c>fulfillment_availability</c> with the target's location value as the
/// <c>fulfillment_channel_code</c> (<c>DEFAULT</c> for the seller's own stock). Amazon has no batch call for this
/// outside the feeds, so a batch is one PATCH per SKU, paced by the usage plan (5 requests/s) and by 429s. The platform
/// id of a SKU is the SKU itself: Amazon keys listings by seller SKU. FBA stock is Amazon's and is never pushed.
/// </summary>
internal sealed partial class AmazonInventory(AmazonCalls calls, ILogger<AmazonInventory> logger) : IInventoryPlatform
{
    /// <inheritdoc />
    public int MaxBatch => 20;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken)
    {
        string seller = calls.SellerId(target);
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string sku in skus)
        {
            counters.Lookup();
            counters.Call();
            if (await AmazonCalls.RunAsync($"getListingsItem for SKU {sku}", () => calls.Client.HasListingAsync(seller, sku, cancellationToken)).ConfigureAwait(false))
            {
                found.TryAdd(sku, sku);
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SetRejection>> SetAsync(PushTarget target, IReadOnlyList<InventorySet> sets, PushCounters counters, CancellationToken cancellationToken)
    {
        string seller = calls.SellerId(target);
        var rejected = new List<SetRejection>();
        foreach (InventorySet set in sets)
        {
            counters.Call();
            try
            {
                AmazonListingSubmission answer = await AmazonCalls.RunAsync($"patchListingsItem for SKU {set.Sku}",
                    () => calls.Client.SetQuantityAsync(seller, set.PlatformItemId, set.PlatformLocationId, set.Quantity, cancellationToken)).ConfigureAwait(false);
                if (answer.Status == AmazonListingSubmission.Accepted)
                {
                    counters.Set(1);
                    continue;
                }

                string issues = string.Join("; ", (answer.Issues ?? []).Where(i => i.Severity == "ERROR").Select(i => $"{i.Code}: {i.Message}"));
                rejected.Add(new SetRejection(set, $"Amazon did not accept the quantity of SKU {set.Sku} ({answer.Status}): {(issues.Length > 0 ? issues : "no issue given")}"));
            }
            catch (PushRefusedException e)
            {
                // 404: the listing was deleted since the look-up; the next push looks the SKU up again.
                bool gone = e.Message.Contains("SP-API 404 ", StringComparison.Ordinal);
                rejected.Add(new SetRejection(set, e.Message, ForgetItem: gone));
                LogRefused(logger, target.Name, set.Sku, e.Message);
            }
        }

        return rejected;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: Amazon refused the quantity of SKU {Sku}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string target, string sku, string reason);
}
