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
/// Calls go through <see cref="ShopifyGraphQL"/>, which keeps the shop's cost bucket. See docs/push.md.
/// </summary>
internal sealed partial class ShopifyInventory(ShopifyGraphQL graphQL, ILogger<ShopifyInventory> logger) : IInventoryPlatform
{
    /// <summary>SKUs per lookup query (a query string of <c>sku:"…" OR …</c>; the page holds 250 variants).</summary>
    public const int SkusPerLookup = 50;

    /// <summary>Items per re-read query (aliased <c>inventoryItem</c> fields).</summary>
    public const int ItemsPerRead = 50;

    /// <summary>How often one batch is re-set after conflicts before its remaining sets are parked.</summary>
    public const int MaxConflictRounds = 5;

    private const string SearchQuery = "query($q: String!) { productVariants(first: 250, query: $q) { nodes { sku inventoryItem { id } } } }";

    /// <inheritdoc />
    /// <remarks>The mutation takes up to 250 quantities per call (the limit noted in docs/push.md).</remarks>
    public int MaxBatch => 250;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in skus.Chunk(SkusPerLookup))
        {
            string q = string.Join(" OR ", chunk.Select(s => "sku:" + ShopifyGraphQL.Literal(s)));
            counters.Lookup();
            var answer = await graphQL.ExecuteAsync(target, JsonSerializer.SerializeToUtf8Bytes(new ShopifySearchRequest(SearchQuery, new ShopifySearchVariables(q)), ShopifyJsonContext.Default.ShopifySearchRequest),
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
            var answer = await graphQL.ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifySetData, counters, cancellationToken).ConfigureAwait(false);
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
                query.Append(CultureInfo.InvariantCulture, $" q{index}: inventoryItem(id: {ShopifyGraphQL.Literal(set.PlatformItemId)}) {{ inventoryLevel(locationId: {ShopifyGraphQL.Literal(set.PlatformLocationId)}) {{ quantities(names: [\"available\"]) {{ name quantity }} }} }}");
            }

            query.Append(" }");
            var answer = await graphQL.ExecuteAsync(target, JsonSerializer.SerializeToUtf8Bytes(new ShopifyQueryRequest(query.ToString()), ShopifyJsonContext.Default.ShopifyQueryRequest),
                ShopifyJsonContext.Default.ShopifyResponseDictionaryStringShopifyItemLevel, counters, cancellationToken).ConfigureAwait(false);
            foreach (var (index, _) in chunk)
            {
                var level = answer.Data?.GetValueOrDefault($"q{index.ToString(CultureInfo.InvariantCulture)}")?.InventoryLevel;
                current[index] = level?.Quantities?.FirstOrDefault(q => q.Name == "available")?.Quantity;
            }
        }

        return current;
    }

    private static int? QuantityIndex(List<string>? field, int count) =>
        field is [_, "quantities", var i, ..] && int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < count ? index : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: SKU {Sku} is on more than one Shopify variant; the first is used")]
    private static partial void LogDuplicateSku(ILogger logger, string target, string sku);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: {Stale} compare-and-swap conflicts re-read, {Refused} quantities refused")]
    private static partial void LogConflicts(ILogger logger, string target, int stale, int refused);
}
