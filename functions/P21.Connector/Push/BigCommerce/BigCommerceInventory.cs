using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.BigCommerce;

/// <summary>
/// BigCommerce V3: SKUs resolve to variant ids with <c>GET /v3/catalog/variants?sku:in=…</c>; quantities are set with
/// <c>PUT /v3/inventory/adjustments/absolute</c> (up to 2,000 items, answered with a <c>transaction_id</c>), token in
/// <c>X-Auth-Token</c>. The store's request quota (150 per 30 s on Standard and Plus) is read from
/// <c>X-Rate-Limit-Requests-Left</c> / <c>X-Rate-Limit-Time-Reset-Ms</c>: at zero left the next call waits for the
/// reset, and a 429 waits the reset it names. A refused batch (422) is halved until the refused items are found.
/// </summary>
internal sealed partial class BigCommerceInventory(PushHttp http, PushCredentials credentials, ILogger<BigCommerceInventory> logger) : IInventoryPlatform
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "p21-push-bigcommerce";

    /// <summary>SKUs per variants lookup (the query string carries them; a page holds 250 variants).</summary>
    public const int SkusPerLookup = 50;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _quotaResets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int MaxBatch => 2000;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in skus.Chunk(SkusPerLookup))
        {
            string list = string.Join(",", chunk.Select(Uri.EscapeDataString));
            counters.Lookup();
            using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under($"v3/catalog/variants?sku:in={list}&limit=250&include_fields=id,product_id,sku")), counters, cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PushRefusedException($"BigCommerce answered {(int)response.StatusCode} to the variants lookup: {BigCommerceCalls.Reason(text)}");
            }

            var wanted = new HashSet<string>(chunk, StringComparer.OrdinalIgnoreCase);
            foreach (var variant in JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceVariants)?.Data ?? [])
            {
                if (variant.Sku is { } sku && wanted.Contains(sku.Trim()))
                {
                    found.TryAdd(sku.Trim(), variant.Id.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SetRejection>> SetAsync(PushTarget target, IReadOnlyList<InventorySet> sets, PushCounters counters, CancellationToken cancellationToken)
    {
        var rejected = new List<SetRejection>();
        await SetPartAsync(target, sets, rejected, counters, cancellationToken).ConfigureAwait(false);
        return rejected;
    }

    private async Task SetPartAsync(PushTarget target, IReadOnlyList<InventorySet> sets, List<SetRejection> rejected, PushCounters counters, CancellationToken cancellationToken)
    {
        var body = new BigCommerceAbsoluteAdjustment("P21 available stock (p21-connector push)", [.. sets.Select(s => new BigCommerceAdjustmentItem(
            long.Parse(s.PlatformLocationId, NumberStyles.None, CultureInfo.InvariantCulture), long.Parse(s.PlatformItemId, NumberStyles.None, CultureInfo.InvariantCulture), s.Quantity))]);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, BigCommerceJsonContext.Default.BigCommerceAbsoluteAdjustment);
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Put, target.Under("v3/inventory/adjustments/absolute"))
        {
            Content = new ByteArrayContent(json) { Headers = { ContentType = new("application/json") } },
        }, counters, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            string? transaction = JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceAdjustmentResult)?.TransactionId;
            counters.Set(sets.Count);
            LogSet(logger, target.Name, sets.Count, transaction);
            return;
        }

        string reason = $"BigCommerce answered {(int)response.StatusCode}: {BigCommerceCalls.Reason(text)}";
        if (sets.Count > 1 && (int)response.StatusCode is 400 or 409 or 422)
        {
            // One bad item refuses the whole batch; halve it to find the refused ones and set the rest.
            int half = sets.Count / 2;
            await SetPartAsync(target, [.. sets.Take(half)], rejected, counters, cancellationToken).ConfigureAwait(false);
            await SetPartAsync(target, [.. sets.Skip(half)], rejected, counters, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A variant the store no longer has: forget the cached id, so a replay looks the SKU up again.
        bool gone = response.StatusCode == HttpStatusCode.NotFound || BigCommerceCalls.ErrorNames(text).Any(n => n.EndsWith("variant_id", StringComparison.Ordinal));
        rejected.AddRange(sets.Select(s => new SetRejection(s, reason, gone)));
    }

    private Task<HttpResponseMessage> SendAsync(PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken) =>
        BigCommerceCalls.SendAsync(http, credentials, _quotaResets, logger, target, build, counters, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce took {Count} absolute quantities, transaction {TransactionId}")]
    private static partial void LogSet(ILogger logger, string target, int count, string? transactionId);
}
