using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Stores;

/// <summary>
/// A loopback stand-in for BigCommerce's V3 Catalog variants and Inventory absolute adjustments, written from the
/// published reference (docs/push.md): <c>X-Auth-Token</c>; <c>GET /stores/{hash}/v3/catalog/variants?sku:in=</c>;
/// <c>PUT /stores/{hash}/v3/inventory/adjustments/absolute</c> with at most 2,000 items (more is a 422), answered with a
/// <c>transaction_id</c>; a store quota per window on the shared clock (150 per 30 s by default) reported in
/// <c>X-Rate-Limit-*</c> headers, with 429 once it is used up. An adjustment is all-or-nothing: any bad item (unknown
/// location, variant the store no longer has) refuses the whole request with 422 and the reference's
/// <c>ErrorResponse</c>, whose <c>errors</c> keys name each bad item by index (<c>items.{i}.location_id</c>), the
/// Inventory API's <c>{list}.{index}.{field}</c> convention (see BigCommerceInventory in P21.Connector).
/// </summary>
public sealed partial class BigCommerceInventoryFake(TimeProvider clock) : IAsyncDisposable
{
    public const string StoreHash = "p21pushhash";
    public const string Token = "bc-push-token-not-real";
    public const int MaxItems = 2000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _variants = new(StringComparer.Ordinal);
    private readonly Random _faults = new(7);
    private LoopbackHost? _host;
    private DateTimeOffset _windowStart;
    private int _used;

    /// <summary>The store's location ids; an adjustment at any other is refused with 422.</summary>
    public HashSet<long> Locations { get; } = [1, 2];

    public int Quota { get; set; } = 150;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    public double FaultRate { get; set; }

    /// <summary>
    /// False answers a refusal with <c>errors</c> keyed by field only (<c>variant_id</c>), naming no index, as some
    /// BigCommerce answers do (the reference's absolute adjustment example names the item only in its title).
    /// </summary>
    public bool NamesRefusedItems { get; set; } = true;

    /// <summary>How many bad items one refusal names at most (a store that reports its validation errors piecemeal).</summary>
    public int MaxErrorsPerAnswer { get; set; } = int.MaxValue;

    public Dictionary<(long Variant, long Location), int> Stock { get; } = [];

    public ConcurrentDictionary<(long Variant, long Location), int> Applied { get; } = new();

    public int LookupCalls;
    public int SetCalls;
    public int QuotaRefusals;
    public int LargestSet;
    public int Faults;

    public Uri Api => new(_host!.BaseUrl, $"/stores/{StoreHash}");

    public static async Task<BigCommerceInventoryFake> StartAsync(TimeProvider clock, params string[] skus)
    {
        var fake = new BigCommerceInventoryFake(clock);
        foreach (string sku in skus)
        {
            fake.AddVariant(sku);
        }

        fake._windowStart = clock.GetUtcNow();
        fake._host = await LoopbackHost.StartAsync(app =>
        {
            string prefix = $"/stores/{StoreHash}/v3";
            app.MapGet(prefix + "/catalog/variants", fake.Variants);
            app.MapPut(prefix + "/inventory/adjustments/absolute", (Func<HttpContext, Task<IResult>>)fake.AdjustAsync);
            fake.MapOrders(app, $"/stores/{StoreHash}/v2");
        });
        return fake;
    }

    public static long VariantId(string sku) => 10_000 + (Math.Abs(StringComparer.Ordinal.GetHashCode(sku)) % 1_000_000);

    public void AddVariant(string sku)
    {
        lock (_gate)
        {
            _variants[sku] = VariantId(sku);
        }
    }

    public void RemoveVariant(string sku)
    {
        lock (_gate)
        {
            _variants.Remove(sku);
        }
    }

    /// <summary>Other apps on the store used the whole quota of the current window.</summary>
    public void UseUpQuota()
    {
        lock (_gate)
        {
            _windowStart = clock.GetUtcNow();
            _used = Quota;
        }
    }

    public int? Quantity(string sku, long location)
    {
        lock (_gate)
        {
            return Stock.TryGetValue((VariantId(sku), location), out int q) ? q : null;
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private IResult Variants(HttpContext context)
    {
        lock (_gate)
        {
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            LookupCalls++;
            var data = new JsonArray();
            foreach (string sku in context.Request.Query["sku:in"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (_variants.TryGetValue(sku, out long id))
                {
                    data.Add(new JsonObject { ["id"] = id, ["product_id"] = id / 10, ["sku"] = sku });
                }
            }

            return Results.Text(new JsonObject { ["data"] = data, ["meta"] = new JsonObject() }.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> AdjustAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (_gate)
        {
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            SetCalls++;
            var items = body["items"]!.AsArray();
            if (items.Count > MaxItems)
            {
                return Error(422, "Input is invalid", new JsonObject { ["items"] = $"The number of items must not exceed {MaxItems}." });
            }

            var errors = new JsonObject();
            var changes = new List<((long, long) Key, int Quantity)>();
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i]!.AsObject();
                long location = item["location_id"]!.GetValue<long>();
                long variant = item["variant_id"]!.GetValue<long>();
                string prefix = NamesRefusedItems ? $"items.{i}." : "";
                if (!Locations.Contains(location))
                {
                    Refuse(errors, prefix + "location_id", $"Location {location} does not exist.");
                }
                else if (!_variants.ContainsValue(variant))
                {
                    Refuse(errors, prefix + "variant_id", $"Variant {variant} does not exist.");
                }
                else
                {
                    changes.Add(((variant, location), item["quantity"]!.GetValue<int>()));
                }
            }

            if (errors.Count > 0)
            {
                return Error(422, "Payload contains invalid fields", errors);
            }

            LargestSet = Math.Max(LargestSet, items.Count);
            foreach (var (key, quantity) in changes)
            {
                Stock[key] = quantity;
                Applied.AddOrUpdate(key, 1, (_, n) => n + 1);
            }

            return Results.Text(new JsonObject { ["transaction_id"] = Guid.NewGuid().ToString() }.ToJsonString(), "application/json");
        }
    }

    private void Refuse(JsonObject errors, string key, string message)
    {
        // Without indexes several bad items share a key; the answer then carries the last one's words.
        if (errors.Count < MaxErrorsPerAnswer || errors.ContainsKey(key))
        {
            errors[key] = message;
        }
    }

    /// <summary>Auth, the quota window and injected faults; null lets the request through (counted against the quota).</summary>
    private IResult? Gate(HttpContext context)
    {
        if (context.Request.Headers["X-Auth-Token"] != Token)
        {
            return Error(401, "Unauthorized", null);
        }

        var now = clock.GetUtcNow();
        if (now - _windowStart >= Window)
        {
            _windowStart = now;
            _used = 0;
        }

        long resetMs = (long)Math.Ceiling((_windowStart + Window - now).TotalMilliseconds);
        var headers = context.Response.Headers;
        headers["X-Rate-Limit-Time-Window-Ms"] = ((long)Window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Requests-Quota"] = Quota.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Time-Reset-Ms"] = resetMs.ToString(CultureInfo.InvariantCulture);
        if (_used >= Quota)
        {
            QuotaRefusals++;
            headers["X-Rate-Limit-Requests-Left"] = "0";
            return Error(429, "Too many requests", null);
        }

        _used++;
        headers["X-Rate-Limit-Requests-Left"] = (Quota - _used).ToString(CultureInfo.InvariantCulture);
        if (FaultRate > 0 && _faults.NextDouble() < FaultRate)
        {
            Faults++;
            return _faults.Next(2) == 0 ? Results.StatusCode(502) : Error(429, "Too many requests", null);
        }

        return null;
    }

    private static IResult Error(int status, string title, JsonObject? errors) =>
        Results.Text(new JsonObject { ["status"] = status, ["title"] = title, ["type"] = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes", ["errors"] = errors ?? new JsonObject() }.ToJsonString(), "application/json", statusCode: status);
}
