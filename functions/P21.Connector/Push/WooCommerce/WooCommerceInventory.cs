using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.WooCommerce;

/// <summary>
/// WooCommerce REST v3 (basic auth with <c>consumer_key:consumer_secret</c> over https): SKUs resolve with
/// <c>GET /wp-json/wc/v3/products?sku=a,b</c>; stock is set with <c>POST /wp-json/wc/v3/products/batch</c>
/// (<c>update: [{id, stock_quantity, manage_stock: true}]</c>, at most 100 per call) and, for variations,
/// <c>POST /wp-json/wc/v3/products/{parent}/variations/batch</c>. A 413 (the site's body limit) halves the batch and
/// remembers the smaller size for the target. WooCommerce keeps one stock per product, so the location is not sent.
/// </summary>
internal sealed partial class WooCommerceInventory(PushHttp http, PushCredentials credentials, ILogger<WooCommerceInventory> logger) : IInventoryPlatform
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "p21-push-woocommerce";

    /// <summary>SKUs per lookup (<c>per_page</c> is at most 100).</summary>
    public const int SkusPerLookup = 50;

    private readonly ConcurrentDictionary<string, int> _batchSizes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int MaxBatch => 100;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in skus.Chunk(SkusPerLookup))
        {
            string list = Uri.EscapeDataString(string.Join(",", chunk));
            counters.Lookup();
            using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under($"wp-json/wc/v3/products?sku={list}&per_page=100")), counters, cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PushRefusedException($"WooCommerce answered {(int)response.StatusCode} to the SKU lookup: {WooCommerceCalls.Reason(text)}");
            }

            var wanted = new HashSet<string>(chunk, StringComparer.OrdinalIgnoreCase);
            foreach (var product in JsonSerializer.Deserialize(text, WooCommerceJsonContext.Default.ListWooProduct) ?? [])
            {
                if (product.Sku is { } sku && wanted.Contains(sku.Trim()))
                {
                    found.TryAdd(sku.Trim(), product.ParentId > 0
                        ? $"{product.ParentId.ToString(CultureInfo.InvariantCulture)}/{product.Id.ToString(CultureInfo.InvariantCulture)}"
                        : product.Id.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SetRejection>> SetAsync(PushTarget target, IReadOnlyList<InventorySet> sets, PushCounters counters, CancellationToken cancellationToken)
    {
        var rejected = new List<SetRejection>();
        foreach (var group in sets.GroupBy(s => Parent(s.PlatformItemId)))
        {
            var queue = new Queue<InventorySet[]>(group.Chunk(_batchSizes.GetValueOrDefault(target.Name, MaxBatch)));
            while (queue.TryDequeue(out var part))
            {
                if (await SetPartAsync(target, group.Key, part, rejected, counters, cancellationToken).ConfigureAwait(false) is { } tooLarge)
                {
                    // 413: the site's body limit is below this batch. Halve it, remember the size for the target, and
                    // send this batch and every one still waiting at the smaller size.
                    int half = Math.Max(1, part.Length / 2);
                    _batchSizes[target.Name] = half;
                    LogHalved(logger, target.Name, part.Length, half);
                    var rest = tooLarge.Concat(queue.SelectMany(p => p)).ToList();
                    queue = new Queue<InventorySet[]>(rest.Chunk(half));
                }
            }
        }

        return rejected;
    }

    /// <summary>Sends one batch; returns the batch back when the site answered 413 and it can still be halved.</summary>
    private async Task<InventorySet[]?> SetPartAsync(PushTarget target, string? parent, InventorySet[] part, List<SetRejection> rejected, PushCounters counters, CancellationToken cancellationToken)
    {
        var body = new WooBatch([.. part.Select(s => new WooStockUpdate(Own(s.PlatformItemId), s.Quantity, ManageStock: true))]);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, WooCommerceJsonContext.Default.WooBatch);
        string path = parent is null ? "wp-json/wc/v3/products/batch" : $"wp-json/wc/v3/products/{parent}/variations/batch";
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Post, target.Under(path))
        {
            Content = new ByteArrayContent(json) { Headers = { ContentType = new("application/json") } },
        }, counters, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge && part.Length > 1)
        {
            return part;
        }

        if (!response.IsSuccessStatusCode)
        {
            string reason = $"WooCommerce answered {(int)response.StatusCode}: {WooCommerceCalls.Reason(text)}";
            rejected.AddRange(part.Select(s => new SetRejection(s, reason)));
            return null;
        }

        var results = (JsonSerializer.Deserialize(text, WooCommerceJsonContext.Default.WooBatchResult)?.Update ?? []).ToDictionary(r => r.Id);
        int applied = 0;
        foreach (var set in part)
        {
            if (results.TryGetValue(Own(set.PlatformItemId), out var result) && result.Error is null)
            {
                applied++;
            }
            else
            {
                var error = result?.Error;
                bool gone = error?.Code?.Contains("invalid_id", StringComparison.OrdinalIgnoreCase) == true;
                rejected.Add(new SetRejection(set, $"WooCommerce: {error?.Code} {error?.Message ?? "no result for this id in the batch answer"}".Trim(), gone));
            }
        }

        counters.Set(applied);
        return null;
    }

    private Task<HttpResponseMessage> SendAsync(PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken) =>
        WooCommerceCalls.SendAsync(http, credentials, target, build, counters, cancellationToken);

    /// <summary>The parent product of a variation id (<c>{parent}/{id}</c>), or null for a product.</summary>
    private static string? Parent(string platformItemId) =>
        platformItemId.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? platformItemId[..slash] : null;

    private static long Own(string platformItemId) =>
        long.Parse(platformItemId.AsSpan(platformItemId.IndexOf('/', StringComparison.Ordinal) + 1), NumberStyles.None, CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: WooCommerce answered 413 to {Size} updates; batches are now {Half}")]
    private static partial void LogHalved(ILogger logger, string target, int size, int half);
}
