using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.Shopify;

/// <summary>
/// Shopify GraphQL Admin API: <c>POST https://{shop}/admin/api/{version}/graphql.json</c> with <c>X-Shopify-Access-Token</c>.
/// SKUs resolve with <c>productVariants(query: "sku:…")</c>; quantities are set with <c>inventorySetQuantities</c>
/// (name <c>available</c>, reason <c>correction</c>), compare-and-swap on the quantity last pushed, and an
/// <c>@idempotent</c> key derived from the call's content so a retried call is answered, not applied, twice.
/// The calculated-cost bucket is tracked per target: a call waits when the last known bucket cannot pay for it, and a
/// <c>THROTTLED</c> answer waits (requested − available) / restore rate seconds. See docs/push.md.
/// </summary>
internal sealed partial class ShopifyInventory(PushHttp http, PushCredentials credentials, ILogger<ShopifyInventory> logger) : IInventoryPlatform
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "p21-push-shopify";

    /// <summary>SKUs per lookup query (a query string of <c>sku:"…" OR …</c>; the page holds 250 variants).</summary>
    public const int SkusPerLookup = 50;

    /// <summary>Items per re-read query (aliased <c>inventoryItem</c> fields).</summary>
    public const int ItemsPerRead = 50;

    /// <summary>How often one batch is re-set after conflicts before its remaining sets are parked.</summary>
    public const int MaxConflictRounds = 5;

    /// <summary>How often a THROTTLED answer is waited out before the run stops.</summary>
    public const int MaxThrottledRetries = 10;

    private const string SearchQuery = "query($q: String!) { productVariants(first: 250, query: $q) { nodes { sku inventoryItem { id } } } }";

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    /// <remarks>The mutation takes up to 250 quantities per call (the limit noted in docs/push.md).</remarks>
    public int MaxBatch => 250;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in skus.Chunk(SkusPerLookup))
        {
            string q = string.Join(" OR ", chunk.Select(s => "sku:" + Literal(s)));
            counters.Lookup();
            var answer = await ExecuteAsync(target, JsonSerializer.SerializeToUtf8Bytes(new ShopifySearchRequest(SearchQuery, new ShopifySearchVariables(q)), ShopifyJsonContext.Default.ShopifySearchRequest),
                ShopifyJsonContext.Default.ShopifyResponseShopifyVariantsData, counters, cancellationToken).ConfigureAwait(false);
            var wanted = new HashSet<string>(chunk, StringComparer.OrdinalIgnoreCase);
            foreach (var variant in answer.Data?.ProductVariants?.Nodes ?? [])
            {
                // The search matches tokens; only an exact SKU counts.
                if (variant.Sku is { } sku && variant.InventoryItem?.Id is { } id && wanted.Contains(sku.Trim()) && !found.TryAdd(sku.Trim(), id))
                {
                    LogDuplicateSku(logger, target.Name, sku);
                }
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SetRejection>> SetAsync(PushTarget target, IReadOnlyList<InventorySet> sets, PushCounters counters, CancellationToken cancellationToken)
    {
        bool changeFrom = UsesChangeFromQuantity(target.Options.ShopifyApiVersion);
        var rejected = new List<SetRejection>();
        var pending = sets.Select(s => (Set: s, Compare: s.LastPushed)).ToList();
        for (int round = 0; pending.Count > 0; round++)
        {
            if (round > MaxConflictRounds)
            {
                rejected.AddRange(pending.Select(p => new SetRejection(p.Set, $"the store's quantity kept changing during {MaxConflictRounds} compare-and-swap rounds")));
                break;
            }

            byte[] body = SetBody(target, pending, changeFrom);
            var answer = await ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifySetData, counters, cancellationToken).ConfigureAwait(false);
            var errors = answer.Data?.InventorySetQuantities?.UserErrors ?? [];
            if (answer.Data?.InventorySetQuantities is null)
            {
                throw new PushRefusedException("inventorySetQuantities answered no payload");
            }

            if (errors.Count == 0)
            {
                counters.Set(pending.Count);
                break;
            }

            // The mutation is all-or-nothing: with any user error nothing was set (docs/push.md). Sort the errors by the
            // quantity they name, drop refused ones, re-read stale ones, and set the rest again.
            var stale = new HashSet<int>();
            var refused = new Dictionary<int, ShopifyUserError>();
            foreach (var error in errors)
            {
                int? index = QuantityIndex(error.Field, pending.Count);
                if (index is null)
                {
                    string reason = $"Shopify refused the batch: {error.Code} {error.Message}".Trim();
                    rejected.AddRange(pending.Select(p => new SetRejection(p.Set, reason)));
                    return rejected;
                }

                if (error.Code is "CHANGE_FROM_QUANTITY_STALE" or "COMPARE_QUANTITY_STALE")
                {
                    stale.Add(index.Value);
                }
                else
                {
                    refused[index.Value] = error;
                }
            }

            foreach ((int index, var error) in refused)
            {
                rejected.Add(new SetRejection(pending[index].Set, $"Shopify: {error.Code} {error.Message}".Trim(), ForgetItem: error.Code == "INVALID_INVENTORY_ITEM"));
            }

            var current = stale.Count == 0 ? new Dictionary<int, int?>() : await ReadAvailableAsync(target, [.. stale.Select(i => (i, pending[i].Set))], counters, cancellationToken).ConfigureAwait(false);
            counters.Conflict(stale.Count);
            pending = [.. pending.Select((p, i) => (p, i)).Where(x => !refused.ContainsKey(x.i)).Select(x => stale.Contains(x.i) ? (x.p.Set, current.GetValueOrDefault(x.i)) : x.p)];
            LogConflicts(logger, target.Name, stale.Count, refused.Count);
        }

        return rejected;
    }

    /// <summary>From 2026-04 the compare value is <c>changeFromQuantity</c> on each quantity; before, <c>compareQuantity</c>.</summary>
    internal static bool UsesChangeFromQuantity(string apiVersion) => string.CompareOrdinal(apiVersion, "2026-04") >= 0;

    /// <summary>The <c>@idempotent</c> directive exists from 2026-01 (required for this mutation from 2026-04).</summary>
    internal static bool SupportsIdempotentDirective(string apiVersion) => string.CompareOrdinal(apiVersion, "2026-01") >= 0;

    private static byte[] SetBody(PushTarget target, List<(InventorySet Set, int? Compare)> pending, bool changeFrom)
    {
        // Written by hand: the quantity shape depends on the API version, and changeFromQuantity must be sent even when
        // null ("don't compare"), which a null-skipping serializer would drop.
        using var buffer = new MemoryStream();
        using (var input = new Utf8JsonWriter(buffer))
        {
            input.WriteStartObject();
            input.WriteString("name", "available");
            input.WriteString("reason", "correction");
            input.WriteString("referenceDocumentUri", $"p21-connector://push/{Uri.EscapeDataString(target.Name)}");
            if (!changeFrom)
            {
                input.WriteBoolean("ignoreCompareQuantity", pending.Any(p => p.Compare is null));
            }

            input.WriteStartArray("quantities");
            foreach (var (set, compare) in pending)
            {
                input.WriteStartObject();
                input.WriteString("inventoryItemId", set.PlatformItemId);
                input.WriteString("locationId", set.PlatformLocationId);
                input.WriteNumber("quantity", set.Quantity);
                string compareName = changeFrom ? "changeFromQuantity" : "compareQuantity";
                if (compare is { } value)
                {
                    input.WriteNumber(compareName, value);
                }
                else if (changeFrom)
                {
                    input.WriteNull(compareName);
                }

                input.WriteEndObject();
            }

            input.WriteEndArray();
            input.WriteEndObject();
        }

        byte[] inputJson = buffer.ToArray();
        string directive = SupportsIdempotentDirective(target.Options.ShopifyApiVersion)
            ? $" @idempotent(key: \"{IdempotencyKey(target, inputJson)}\")"
            : "";
        string mutation = "mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input)" + directive
            + " { inventoryAdjustmentGroup { id } userErrors { field code message } } }";
        using var request = new MemoryStream();
        using (var writer = new Utf8JsonWriter(request))
        {
            writer.WriteStartObject();
            writer.WriteString("query", mutation);
            writer.WriteStartObject("variables");
            writer.WritePropertyName("input");
            writer.WriteRawValue(inputJson, skipInputValidation: true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return request.ToArray();
    }

    /// <summary>
    /// The same target and the same quantities give the same key, so a call retried after a lost answer is recognised as
    /// a duplicate; a different call (new quantities, new compare values) gets a new key.
    /// </summary>
    internal static string IdempotencyKey(PushTarget target, ReadOnlySpan<byte> input)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(target.Name + "\n"));
        hash.AppendData(input);
        return "p21-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private async Task<Dictionary<int, int?>> ReadAvailableAsync(PushTarget target, IReadOnlyList<(int Index, InventorySet Set)> items, PushCounters counters, CancellationToken cancellationToken)
    {
        var current = new Dictionary<int, int?>();
        foreach (var chunk in items.Chunk(ItemsPerRead))
        {
            var query = new StringBuilder("query {");
            foreach (var (index, set) in chunk)
            {
                query.Append(CultureInfo.InvariantCulture, $" q{index}: inventoryItem(id: {Literal(set.PlatformItemId)}) {{ inventoryLevel(locationId: {Literal(set.PlatformLocationId)}) {{ quantities(names: [\"available\"]) {{ name quantity }} }} }}");
            }

            query.Append(" }");
            var answer = await ExecuteAsync(target, JsonSerializer.SerializeToUtf8Bytes(new ShopifyQueryRequest(query.ToString()), ShopifyJsonContext.Default.ShopifyQueryRequest),
                ShopifyJsonContext.Default.ShopifyResponseDictionaryStringShopifyItemLevel, counters, cancellationToken).ConfigureAwait(false);
            foreach (var (index, _) in chunk)
            {
                var level = answer.Data?.GetValueOrDefault($"q{index.ToString(CultureInfo.InvariantCulture)}")?.InventoryLevel;
                current[index] = level?.Quantities?.FirstOrDefault(q => q.Name == "available")?.Quantity;
            }
        }

        return current;
    }

    private async Task<ShopifyResponse<T>> ExecuteAsync<T>(PushTarget target, byte[] body, JsonTypeInfo<ShopifyResponse<T>> type, PushCounters counters, CancellationToken cancellationToken)
    {
        string token = await credentials.GetAsync(target, cancellationToken).ConfigureAwait(false);
        Uri uri = target.Under($"admin/api/{Uri.EscapeDataString(target.Options.ShopifyApiVersion)}/graphql.json");
        var bucket = _buckets.GetOrAdd(target.Name, _ => new Bucket());
        for (int throttled = 0; ; throttled++)
        {
            TimeSpan wait = bucket.WaitFor(http.Time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                counters.ThrottledWait();
                LogBucketWait(logger, target.Name, wait.TotalMilliseconds);
                await Task.Delay(wait, http.Time, cancellationToken).ConfigureAwait(false);
            }

            using var response = await http.SendAsync(HttpClientName, target, () => new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
                Headers = { { "X-Shopify-Access-Token", token } },
            }, null, counters, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await credentials.InvalidateAsync(target, cancellationToken).ConfigureAwait(false);
                throw new PushCredentialException($"Shopify refused the access token named by {target.SettingPath}:CredentialSecret ('{target.Options.CredentialSecret}'): {(int)response.StatusCode}.");
            }

            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PushRefusedException($"Shopify answered {(int)response.StatusCode}: {Trim(text)}");
            }

            var answer = JsonSerializer.Deserialize(text, type) ?? throw new PushRefusedException("Shopify answered an empty body");
            var cost = answer.Extensions?.Cost;
            bucket.Observe(cost, http.Time.GetUtcNow());
            if (answer.Errors is { Count: > 0 } errors)
            {
                if (errors.Any(e => e.Extensions?.Code == "THROTTLED") && throttled < MaxThrottledRetries)
                {
                    counters.ThrottledWait();
                    TimeSpan pause = ThrottledPause(cost);
                    LogThrottled(logger, target.Name, pause.TotalMilliseconds);
                    await Task.Delay(pause, http.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new PushRefusedException("Shopify: " + string.Join("; ", errors.Select(e => $"{e.Extensions?.Code} {e.Message}".Trim())));
            }

            return answer;
        }
    }

    /// <summary>(requested − currently available) / restore rate seconds, at least one second's worth when unknown.</summary>
    internal static TimeSpan ThrottledPause(ShopifyCost? cost)
    {
        if (cost?.ThrottleStatus is not { RestoreRate: > 0 } status)
        {
            return TimeSpan.FromSeconds(1);
        }

        double seconds = Math.Max(0, cost.RequestedQueryCost - status.CurrentlyAvailable) / status.RestoreRate;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 0.05, 60));
    }

    private static string Literal(string value) => JsonSerializer.Serialize(value, ShopifyStringContext.Default.String);

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];

    private static int? QuantityIndex(List<string>? field, int count) =>
        field is [_, "quantities", var i, ..] && int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < count ? index : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: SKU {Sku} is on more than one Shopify variant; the first is used")]
    private static partial void LogDuplicateSku(ILogger logger, string target, string sku);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: {Stale} compare-and-swap conflicts re-read, {Refused} quantities refused")]
    private static partial void LogConflicts(ILogger logger, string target, int stale, int refused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: waiting {PauseMs} ms for the Shopify cost bucket")]
    private static partial void LogBucketWait(ILogger logger, string target, double pauseMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: Shopify answered THROTTLED; retrying in {PauseMs} ms")]
    private static partial void LogThrottled(ILogger logger, string target, double pauseMs);

    /// <summary>The last known cost bucket of one target, restored over time at its rate.</summary>
    private sealed class Bucket
    {
        private readonly Lock _gate = new();
        private double _available = double.MaxValue;
        private double _restoreRate;
        private double _maximum;
        private double _lastRequested;
        private DateTimeOffset _at;

        public void Observe(ShopifyCost? cost, DateTimeOffset now)
        {
            if (cost?.ThrottleStatus is not { } status)
            {
                return;
            }

            lock (_gate)
            {
                _available = status.CurrentlyAvailable;
                _restoreRate = status.RestoreRate;
                _maximum = status.MaximumAvailable;
                _lastRequested = Math.Max(_lastRequested, cost.RequestedQueryCost);
                _at = now;
            }
        }

        /// <summary>How long to wait until the bucket holds what the dearest call so far asked for.</summary>
        public TimeSpan WaitFor(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_restoreRate <= 0 || _available == double.MaxValue)
                {
                    return TimeSpan.Zero;
                }

                double need = Math.Min(_lastRequested, _maximum);
                double restored = Math.Min(_maximum, _available + ((now - _at).TotalSeconds * _restoreRate));
                return restored >= need ? TimeSpan.Zero : TimeSpan.FromSeconds((need - restored) / _restoreRate);
            }
        }
    }
}
