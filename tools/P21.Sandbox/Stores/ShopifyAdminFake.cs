using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Stores;

/// <summary>
/// A loopback stand-in for the Shopify GraphQL Admin API, written from the published reference (docs/push.md):
/// <c>POST /admin/api/{version}/graphql.json</c> with <c>X-Shopify-Access-Token</c>; <c>productVariants(query:)</c>;
/// <c>inventorySetQuantities</c> (name available, compare-and-swap with <c>changeFromQuantity</c> which must be present on
/// every quantity from 2026-04, at most 250 quantities, all-or-nothing, <c>@idempotent(key:)</c> required from 2026-04 and
/// replayed: the same key and input answer the first result without applying again); aliased
/// <c>inventoryItem(id:) { inventoryLevel(locationId:) { quantities(names:) } }</c>; a calculated-cost bucket restored
/// over the shared clock, answering <c>THROTTLED</c> when it cannot pay for a call. Orders (fulfillment orders,
/// <c>fulfillmentCreate</c>, <c>orderCancel</c>, <c>tagsAdd</c>) are in ShopifyOrdersFake.cs.
/// </summary>
public sealed partial class ShopifyAdminFake(TimeProvider clock) : IAsyncDisposable
{
    public const string Token = "shpat_test_not_real_0123456789";
    public const string Version = "2026-04";

    /// <summary>A version before changeFromQuantity and @idempotent: compareQuantity and ignoreCompareQuantity.</summary>
    public const string LegacyVersion = "2025-10";
    public const string Location1 = "gid://shopify/Location/1001";
    public const string Location2 = "gid://shopify/Location/1002";
    public const string Location3 = "gid://shopify/Location/1003";
    public const int MaxQuantities = 250;
    public const double SetCost = 10;
    public const double LookupCost = 12;

    private readonly Lock _gate = new();

    /// <summary>The store's locations; a quantity at any other is refused with INVALID_LOCATION.</summary>
    public HashSet<string> Locations { get; } = new(StringComparer.Ordinal) { Location1, Location2 };

    private readonly Dictionary<string, string> _variants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Hash, string Answer)> _idempotent = new(StringComparer.Ordinal);
    private readonly Random _faults = new(20261203);
    private LoopbackHost? _host;
    private double _available;
    private DateTimeOffset _bucketAt;

    public double BucketMaximum { get; set; } = 1000;

    public double RestoreRate { get; set; } = 100;

    /// <summary>Share of calls answered 500/429 before anything is done.</summary>
    public double FaultRate { get; set; }

    /// <summary>Share of set calls applied, then answered 503 as if the answer was lost.</summary>
    public double LostAnswerRate { get; set; }

    /// <summary>Every set answer is lost, replays included (the caller gives up, as if it crashed after Shopify applied).</summary>
    public bool LoseEveryAnswer { get; set; }

    public Dictionary<(string Item, string Location), int> Levels { get; } = [];

    /// <summary>How often each (item, location) was really changed by a set.</summary>
    public ConcurrentDictionary<(string Item, string Location), int> Applied { get; } = new();

    public int LookupCalls;
    public int SetCalls;
    public int ReadCalls;
    public int ThrottledAnswers;
    public int IdempotentReplays;
    public int LargestSet;

    public Uri BaseUrl => _host!.BaseUrl;

    public static string ItemGid(string sku) => $"gid://shopify/InventoryItem/{Math.Abs(StringComparer.Ordinal.GetHashCode(sku)) % 1_000_000_000}";

    public static async Task<ShopifyAdminFake> StartAsync(TimeProvider clock, params string[] skus)
    {
        var fake = new ShopifyAdminFake(clock);
        foreach (string sku in skus)
        {
            fake.AddVariant(sku);
        }

        fake._available = fake.BucketMaximum;
        fake._bucketAt = clock.GetUtcNow();
        fake._host = await LoopbackHost.StartAsync(app => app.MapPost("/admin/api/{version}/graphql.json", fake.HandleAsync));
        return fake;
    }

    public void AddVariant(string sku)
    {
        lock (_gate)
        {
            _variants[sku] = ItemGid(sku);
        }
    }

    /// <summary>Empties the bucket to <paramref name="available"/> points now.</summary>
    public void DrainBucket(double available)
    {
        lock (_gate)
        {
            _available = available;
            _bucketAt = clock.GetUtcNow();
        }
    }

    public int? Quantity(string sku, string location)
    {
        lock (_gate)
        {
            return Levels.TryGetValue((ItemGid(sku), location), out int q) ? q : null;
        }
    }

    /// <summary>Someone else (a sale, a merchant) changes the store's quantity.</summary>
    public void ChangeElsewhere(string sku, string location, int quantity)
    {
        lock (_gate)
        {
            Levels[(ItemGid(sku), location)] = quantity;
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<IResult> HandleAsync(string version, HttpContext context)
    {
        if (context.Request.Headers["X-Shopify-Access-Token"] != Token)
        {
            return Results.Json(new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, statusCode: 401);
        }

        if (version is not (Version or LegacyVersion))
        {
            return Results.NotFound();
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        string query = body["query"]!.GetValue<string>();
        lock (_gate)
        {
            if (FaultRate > 0 && _faults.NextDouble() < FaultRate)
            {
                return _faults.Next(2) == 0 ? Results.StatusCode(500) : Results.Text("Too Many Requests", statusCode: 429);
            }

            bool isSet = query.Contains("inventorySetQuantities(", StringComparison.Ordinal);
            bool isLookup = query.Contains("productVariants(", StringComparison.Ordinal);
            string? orderOperation = OrderOperation(query);
            int reads = ReadAlias().Matches(query).Count;
            double cost = orderOperation is not null ? OrderCost : isSet ? SetCost : isLookup ? LookupCost : 1 + reads;
            Restore();
            if (_available < cost)
            {
                ThrottledAnswers++;
                return Json(new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject { ["message"] = "Throttled", ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/rate-limits" } }),
                }, cost, actual: null);
            }

            _available -= cost;
            if (orderOperation is not null)
            {
                return Json(Order(orderOperation, body["variables"]!.AsObject()), cost, cost);
            }

            if (isLookup)
            {
                LookupCalls++;
                return Json(Lookup(body["variables"]!["q"]!.GetValue<string>()), cost, cost);
            }

            if (isSet)
            {
                SetCalls++;
                return Set(query, body["variables"]!["input"]!.AsObject(), cost, legacy: version == LegacyVersion);
            }

            ReadCalls++;
            return Json(Read(query), cost, cost);
        }
    }

    private JsonObject Lookup(string q)
    {
        var nodes = new JsonArray();
        foreach (Match m in SkuTerm().Matches(q))
        {
            string sku = m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
            if (_variants.TryGetValue(sku, out string? gid))
            {
                nodes.Add(new JsonObject { ["sku"] = sku, ["inventoryItem"] = new JsonObject { ["id"] = gid } });
            }
        }

        return new JsonObject { ["data"] = new JsonObject { ["productVariants"] = new JsonObject { ["nodes"] = nodes } } };
    }

    private IResult Set(string query, JsonObject input, double cost, bool legacy)
    {
        var quantities = input["quantities"]!.AsArray();
        if (quantities.Count > MaxQuantities)
        {
            return Json(TopError($"The input array size of {quantities.Count} is greater than the maximum allowed of {MaxQuantities}.", "MAX_INPUT_SIZE_EXCEEDED"), cost, null);
        }

        var key = IdempotentKey().Match(query);
        if (legacy && key.Success)
        {
            return Json(TopError("Directive 'idempotent' is not defined", "undefinedDirective"), cost, null);
        }

        if (!legacy && !key.Success)
        {
            return Json(TopError("inventorySetQuantities requires an @idempotent key from 2026-04", "BAD_REQUEST"), cost, null);
        }

        string hash = input.ToJsonString();
        if (key.Success && _idempotent.TryGetValue(key.Groups[1].Value, out var seen))
        {
            if (seen.Hash != hash)
            {
                return Json(Payload(new JsonArray(UserError(null, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", "The same idempotency key cannot be used with different operation parameters."))), cost, cost);
            }

            IdempotentReplays++;
            return LoseEveryAnswer ? Results.StatusCode(503) : Results.Text(seen.Answer, "application/json");
        }

        LargestSet = Math.Max(LargestSet, quantities.Count);
        var errors = new JsonArray();
        if (input["name"]?.GetValue<string>() != "available" || input["reason"]?.GetValue<string>() != "correction")
        {
            errors.Add(UserError(["input", "name"], "INVALID_NAME", "The quantity name must be either 'available' or 'on_hand'."));
        }

        var changes = new List<((string, string) Key, int Quantity)>();
        for (int i = 0; i < quantities.Count; i++)
        {
            var q = quantities[i]!.AsObject();
            string index = i.ToString(CultureInfo.InvariantCulture);
            string item = q["inventoryItemId"]!.GetValue<string>();
            string location = q["locationId"]!.GetValue<string>();
            if (legacy)
            {
                if (q.ContainsKey("changeFromQuantity"))
                {
                    return Json(TopError($"InputObject 'InventoryQuantityInput' doesn't accept argument 'changeFromQuantity'", "argumentNotAccepted"), cost, null);
                }

                if (input["ignoreCompareQuantity"]?.GetValue<bool>() != true && q["compareQuantity"] is null)
                {
                    errors.Add(UserError(["input", "quantities", index, "compareQuantity"], "COMPARE_QUANTITY_REQUIRED", "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity."));
                    continue;
                }
            }
            else if (!q.ContainsKey("changeFromQuantity"))
            {
                return Json(TopError($"Variable $input of type InventorySetQuantitiesInput! was provided invalid value for quantities.{index}.changeFromQuantity (Expected value to not be omitted)", "INVALID_VARIABLE"), cost, null);
            }

            if (!_variants.ContainsValue(item))
            {
                errors.Add(UserError(["input", "quantities", index, "inventoryItemId"], "INVALID_INVENTORY_ITEM", "The specified inventory item could not be found."));
                continue;
            }

            if (!Locations.Contains(location))
            {
                errors.Add(UserError(["input", "quantities", index, "locationId"], "INVALID_LOCATION", "The specified location could not be found."));
                continue;
            }

            int current = Levels.GetValueOrDefault((item, location));
            if (!legacy && q["changeFromQuantity"] is { } from && from.GetValue<int>() != current)
            {
                errors.Add(UserError(["input", "quantities", index, "changeFromQuantity"], "CHANGE_FROM_QUANTITY_STALE", "The changeFromQuantity value does not match persisted value."));
                continue;
            }

            if (legacy && input["ignoreCompareQuantity"]?.GetValue<bool>() != true && q["compareQuantity"]!.GetValue<int>() != current)
            {
                errors.Add(UserError(["input", "quantities", index, "compareQuantity"], "COMPARE_QUANTITY_STALE", "The compareQuantity value does not match persisted value."));
                continue;
            }

            changes.Add(((item, location), q["quantity"]!.GetValue<int>()));
        }

        if (errors.Count == 0)
        {
            foreach (var (k, quantity) in changes)
            {
                Levels[k] = quantity;
                Applied.AddOrUpdate(k, 1, (_, n) => n + 1);
            }
        }

        var answer = Payload(errors, group: errors.Count == 0 ? "gid://shopify/InventoryAdjustmentGroup/" + SetCalls.ToString(CultureInfo.InvariantCulture) : null);
        string text = WithCost(answer, cost, cost).ToJsonString();
        if (key.Success)
        {
            _idempotent[key.Groups[1].Value] = (hash, text);
        }

        if (errors.Count == 0 && (LoseEveryAnswer || (LostAnswerRate > 0 && _faults.NextDouble() < LostAnswerRate)))
        {
            return Results.StatusCode(503);
        }

        return Results.Text(text, "application/json");
    }

    private JsonObject Read(string query)
    {
        var data = new JsonObject();
        foreach (Match m in ReadAlias().Matches(query))
        {
            string alias = m.Groups[1].Value, item = m.Groups[2].Value, location = m.Groups[3].Value;
            data[alias] = Levels.TryGetValue((item, location), out int q)
                ? new JsonObject { ["inventoryLevel"] = new JsonObject { ["quantities"] = new JsonArray(new JsonObject { ["name"] = "available", ["quantity"] = q }) } }
                : new JsonObject { ["inventoryLevel"] = null };
        }

        return new JsonObject { ["data"] = data };
    }

    private void Restore()
    {
        var now = clock.GetUtcNow();
        _available = Math.Min(BucketMaximum, _available + ((now - _bucketAt).TotalSeconds * RestoreRate));
        _bucketAt = now;
    }

    private IResult Json(JsonObject answer, double requested, double? actual) => Results.Text(WithCost(answer, requested, actual).ToJsonString(), "application/json");

    private JsonObject WithCost(JsonObject answer, double requested, double? actual)
    {
        answer["extensions"] = new JsonObject
        {
            ["cost"] = new JsonObject
            {
                ["requestedQueryCost"] = requested,
                ["actualQueryCost"] = actual,
                ["throttleStatus"] = new JsonObject { ["maximumAvailable"] = BucketMaximum, ["currentlyAvailable"] = _available, ["restoreRate"] = RestoreRate },
            },
        };
        return answer;
    }

    private static JsonObject Payload(JsonArray userErrors, string? group = null) => new()
    {
        ["data"] = new JsonObject
        {
            ["inventorySetQuantities"] = new JsonObject
            {
                ["inventoryAdjustmentGroup"] = group is null ? null : new JsonObject { ["id"] = group },
                ["userErrors"] = userErrors,
            },
        },
    };

    private static JsonObject UserError(string[]? field, string code, string message) => new()
    {
        ["field"] = field is null ? null : new JsonArray([.. field.Select(f => (JsonNode)f)]),
        ["code"] = code,
        ["message"] = message,
    };

    private static JsonObject TopError(string message, string code) =>
        new() { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }) };

    [GeneratedRegex("sku:\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex SkuTerm();

    [GeneratedRegex("@idempotent\\(key: \"([^\"]+)\"\\)")]
    private static partial Regex IdempotentKey();

    [GeneratedRegex("(\\w+): inventoryItem\\(id: \"([^\"]+)\"\\) \\{ inventoryLevel\\(locationId: \"([^\"]+)\"\\)")]
    private static partial Regex ReadAlias();
}
