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
/// reset, and a 429 waits the reset it names. A refused batch (400/409/422) sets nothing. When the answer's
/// <c>errors</c> keys name items by index (<c>items.{i}.{field}</c>), exactly those items are refused and the rest is
/// sent again in one call, for up to <see cref="MaxRefusalRounds"/> re-sends; an answer that names no index is halved
/// until the refused items are found.
/// </summary>
/// <remarks>
/// Confirmed in the published reference (https://github.com/bigcommerce/docs, <c>reference/inventory.v3.yml</c>, the
/// source of https://developer.bigcommerce.com/docs/rest-management/inventory/adjustments): a 422 is an
/// <c>ErrorResponse</c> <c>{ status, title, type, errors }</c> whose <c>errors</c> is an object of free-form keys;
/// the Inventory API keys a refused list entry as <c>{list}.{index}.{field}</c> (its example on
/// <c>PUT /inventory/locations/{id}/items</c>: <c>"setting.0.settings": "At least one setting must be specified…"</c>).
/// Not confirmed: the absolute adjustment's own example (<c>title</c> "[Item with variant_id 106 is tracked by product…]",
/// <c>errors: {}</c>) names the item only in the title, so <c>items.{i}.…</c> there is read by the same convention, and
/// any answer without an index keeps the halving.
/// </remarks>
internal sealed partial class BigCommerceInventory(PushHttp http, PushCredentials credentials, ILogger<BigCommerceInventory> logger) : IInventoryPlatform
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "p21-push-bigcommerce";

    /// <summary>SKUs per variants lookup (the query string carries them; a page holds 250 variants).</summary>
    public const int SkusPerLookup = 50;

    /// <summary>How often one batch is sent again after answers naming refused items before the rest is halved.</summary>
    public const int MaxRefusalRounds = 5;

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
        var pending = sets;
        for (int round = 0; pending.Count > 0; round++)
        {
            var body = new BigCommerceAbsoluteAdjustment("P21 available stock (p21-connector push)", [.. pending.Select(s => new BigCommerceAdjustmentItem(
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
                counters.Set(pending.Count);
                LogSet(logger, target.Name, pending.Count, transaction);
                return;
            }

            int status = (int)response.StatusCode;
            bool refusedBatch = status is 400 or 409 or 422;
            var named = refusedBatch ? RefusedItems(text, pending.Count) : [];
            if (named.Count > 0)
            {
                // The request is all-or-nothing: nothing was set, so the items it did not name go again, together.
                string title = BigCommerceCalls.Title(text) ?? $"BigCommerce answered {status}";
                foreach (var (index, errors) in named)
                {
                    var set = pending[index];
                    string detail = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
                    rejected.Add(new SetRejection(set, $"BigCommerce answered {status} {title}: SKU {set.Sku} at location {set.PlatformLocationId}, {detail}",
                        errors.Any(e => Gone(e.Field))));
                }

                pending = [.. pending.Where((_, i) => !named.ContainsKey(i))];
                if (round < MaxRefusalRounds)
                {
                    continue;
                }

                // A store that keeps naming new items each round gets the halving, which ends whatever it answers.
                LogRoundsSpent(logger, target.Name, MaxRefusalRounds, pending.Count);
                if (pending.Count == 0)
                {
                    return;
                }
            }

            if (pending.Count > 1 && refusedBatch)
            {
                // An answer naming no item: halve the batch to find the refused ones and set the rest.
                int half = pending.Count / 2;
                await SetPartAsync(target, [.. pending.Take(half)], rejected, counters, cancellationToken).ConfigureAwait(false);
                await SetPartAsync(target, [.. pending.Skip(half)], rejected, counters, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (named.Count > 0)
            {
                // The one item left after the rounds were spent was not refused by name; send it alone.
                await SetPartAsync(target, pending, rejected, counters, cancellationToken).ConfigureAwait(false);
                return;
            }

            // A variant the store no longer has: forget the cached id, so a replay looks the SKU up again.
            string reason = $"BigCommerce answered {status}: {BigCommerceCalls.Reason(text)}";
            bool gone = response.StatusCode == HttpStatusCode.NotFound || BigCommerceCalls.ErrorNames(text).Any(Gone);
            rejected.AddRange(pending.Select(s => new SetRejection(s, reason, gone)));
            return;
        }
    }

    /// <summary>
    /// The items a refusal names by index, from its <c>errors</c> keys <c>items.{i}</c> or <c>items.{i}.{field}</c>;
    /// indexes outside the batch are ignored, so an answer naming none of its items is halved like one naming no index.
    /// </summary>
    private static Dictionary<int, List<(string Field, string Message)>> RefusedItems(string text, int count)
    {
        var named = new Dictionary<int, List<(string Field, string Message)>>();
        foreach (var (name, message) in BigCommerceCalls.Errors(text))
        {
            if (!name.StartsWith("items.", StringComparison.Ordinal))
            {
                continue;
            }

            string rest = name["items.".Length..];
            int dot = rest.IndexOf('.', StringComparison.Ordinal);
            string number = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < count)
            {
                string field = dot < 0 ? "item" : rest[(dot + 1)..];
                if (!named.TryGetValue(index, out var errors))
                {
                    named[index] = errors = [];
                }

                errors.Add((field, message));
            }
        }

        return named;
    }

    /// <summary>A refusal of the variant or product id means the store no longer has it (the location is ours to fix).</summary>
    private static bool Gone(string field) => field.EndsWith("variant_id", StringComparison.Ordinal) || field.EndsWith("product_id", StringComparison.Ordinal);

    private Task<HttpResponseMessage> SendAsync(PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken) =>
        BigCommerceCalls.SendAsync(http, credentials, _quotaResets, logger, target, build, counters, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce took {Count} absolute quantities, transaction {TransactionId}")]
    private static partial void LogSet(ILogger logger, string target, int count, string? transactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: BigCommerce named refused items in {Rounds} re-sends of one batch; the {Count} left go in halves")]
    private static partial void LogRoundsSpent(ILogger logger, string target, int rounds, int count);
}
