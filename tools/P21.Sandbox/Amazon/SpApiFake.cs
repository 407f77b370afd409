using System.Globalization;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using P21.Sandbox.Stores;

namespace P21.Sandbox.Amazon;

/// <summary>
/// A loopback stand-in for Login with Amazon and the Selling Partner Orders API v0, written from the published models
/// (amzn/selling-partner-api-models, models/orders-api-model/ordersV0.json) and docs (docs/amazon.md):
/// <c>POST /auth/o2/token</c> (refresh-token grant; <c>invalid_client</c> for a wrong client id or secret,
/// <c>invalid_grant</c> for an unknown or revoked refresh token; tokens expire on the shared clock);
/// <c>GET /orders/v0/orders</c> (<c>MarketplaceIds</c> required, <c>LastUpdatedAfter</c> or <c>CreatedAfter</c> on the
/// first page, <c>NextToken</c> after it, <see cref="PageSize"/> orders a page as <c>MaxResultsPerPage</c>) and
/// <c>GET /orders/v0/orders/{orderId}/orderItems</c>; every call needs a live <c>x-amz-access-token</c> (else 403
/// <c>Unauthorized</c>) and is paid from a token bucket per operation at the published default usage plan, answering
/// 429 <c>QuotaExceeded</c> with <c>x-amzn-RateLimit-Limit</c> when empty.
/// </summary>
public sealed partial class SpApiFake(TimeProvider clock) : IAsyncDisposable
{
    public const string ClientId = "amzn1.application-oa2-client.fake0123456789";
    public const string ClientSecret = "amzn1.oa2-cs.v1.fake-secret-not-real";
    public const string RefreshToken = "Atzr|fake-refresh-token-not-real";
    public const string Marketplace = "ATVPDKIKX0DER";

    /// <summary>getOrders' published usage plan: 0.0167 requests per second, burst 20.</summary>
    public static readonly (double Rate, int Burst) GetOrdersPlan = (0.0167, 20);

    /// <summary>getOrderItems' published usage plan: 0.5 requests per second, burst 30.</summary>
    public static readonly (double Rate, int Burst) GetOrderItemsPlan = (0.5, 30);

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _orders = [];
    private readonly Dictionary<string, List<JsonObject>> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset After, DateTimeOffset? Before, bool ByCreation, int Offset)> _orderPages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string OrderId, int Offset)> _itemPages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private LoopbackHost? _host;
    private int _issued;

    public Uri BaseUrl => _host!.BaseUrl;

    public Uri TokenEndpoint => new(BaseUrl, "/auth/o2/token");

    /// <summary>Orders a getOrders page holds (Amazon's <c>MaxResultsPerPage</c> defaults to 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Items a getOrderItems page holds (Amazon publishes no size; the fake's choice).</summary>
    public int ItemsPageSize { get; set; } = 100;

    /// <summary>Lifetime of an issued access token (LWA's is 3600 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Refresh tokens the seller revoked (deauthorized the app); the token endpoint answers <c>invalid_grant</c>.</summary>
    public HashSet<string> RevokedRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Marketplaces the fake serves; another in <c>MarketplaceIds</c> is answered 400 <c>InvalidInput</c>.</summary>
    public HashSet<string> Marketplaces { get; } = new(StringComparer.Ordinal) { Marketplace };

    /// <summary>How many of the next SP-API calls are answered 503 before anything is checked or paid.</summary>
    public int FailNext { get; set; }

    public int TokenCalls;
    public int OrdersCalls;
    public int ItemsCalls;
    public int ThrottledAnswers;
    public int UnauthorizedAnswers;

    /// <summary>The query string of every orders call, in order.</summary>
    public List<string> OrdersQueries { get; } = [];

    public static async Task<SpApiFake> StartAsync(TimeProvider clock)
    {
        var fake = new SpApiFake(clock);
        fake._host = await LoopbackHost.StartAsync(app =>
        {
            app.MapPost("/auth/o2/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync);
            app.MapGet("/orders/v0/orders", fake.Orders);
            app.MapGet("/orders/v0/orders/{orderId}/orderItems", fake.OrderItems);
            app.MapPost("/tokens/2021-03-01/restrictedDataToken", (Func<HttpContext, Task<IResult>>)fake.RestrictedDataTokenAsync);
            fake.MapReports(app);
            fake.MapSellers(app);
            fake.MapListings(app);
            fake.MapShipments(app);
        });
        return fake;
    }

    /// <summary>Adds an order (and its items) as getOrders and getOrderItems will answer it.</summary>
    public void Seed(string amazonOrderId, DateTimeOffset lastUpdate, string status = "Unshipped", string channel = "MFN", params (string Sku, int Quantity, decimal LineTotal)[] items)
    {
        lock (_gate)
        {
            _orders.Add(new JsonObject
            {
                ["AmazonOrderId"] = amazonOrderId,
                ["PurchaseDate"] = Iso(lastUpdate.AddMinutes(-5)),
                ["LastUpdateDate"] = Iso(lastUpdate),
                ["OrderStatus"] = status,
                ["FulfillmentChannel"] = channel,
                ["SalesChannel"] = "Amazon.com",
                ["MarketplaceId"] = Marketplace,
                ["NumberOfItemsShipped"] = 0,
                ["NumberOfItemsUnshipped"] = items.Sum(i => i.Quantity),
                ["OrderTotal"] = Money(items.Sum(i => i.LineTotal)),
                ["ShipServiceLevel"] = "Std US D2D Dom",
                ["BuyerInfo"] = new JsonObject
                {
                    ["BuyerEmail"] = $"{amazonOrderId.Replace("-", "", StringComparison.Ordinal)}@marketplace.amazon.com",
                    ["BuyerName"] = "Jane Buyer",
                },
                ["ShippingAddress"] = new JsonObject
                {
                    ["Name"] = "Jane Buyer",
                    ["AddressLine1"] = "410 Terry Ave N",
                    ["City"] = "Seattle",
                    ["StateOrRegion"] = "WA",
                    ["PostalCode"] = "98109",
                    ["CountryCode"] = "US",
                    ["Phone"] = "+1 206-555-0100",
                },
            });
            _items[amazonOrderId] = [.. items.Select((item, n) => Item(amazonOrderId, item, n))];
        }
    }

    /// <summary>Every access token issued so far stops working now, as if its hour had passed on Amazon's side.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            foreach (string token in _tokens.Keys.ToList())
            {
                _tokens[token] = clock.GetUtcNow();
            }
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        lock (_gate)
        {
            TokenCalls++;
            if (form["grant_type"] != "refresh_token")
            {
                return LwaError("unsupported_grant_type", "The authorization grant type is not supported by the authorization server", 400);
            }

            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return LwaError("invalid_client", "Client authentication failed", 401);
            }

            string refresh = form["refresh_token"].ToString();
            if (refresh != RefreshToken || RevokedRefreshTokens.Contains(refresh))
            {
                return LwaError("invalid_grant", "The request has an invalid grant parameter : refresh_token", 400);
            }

            string token = $"Atza|fake-access-{++_issued:D4}";
            _tokens[token] = clock.GetUtcNow() + TokenLifetime;
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["refresh_token"] = refresh,
                ["token_type"] = "bearer",
                ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            });
        }
    }

    private IResult Orders(HttpContext context)
    {
        var q = context.Request.Query;
        lock (_gate)
        {
            OrdersCalls++;
            OrdersQueries.Add(context.Request.QueryString.Value ?? "");
            if (Refused(context, "getOrders", GetOrdersPlan) is { } refused)
            {
                return refused;
            }

            if (Marketplace400(q["MarketplaceIds"].ToString()) is { } bad)
            {
                return bad;
            }

            (DateTimeOffset After, DateTimeOffset? Before, bool ByCreation, int Offset) position;
            string next = q["NextToken"].ToString();
            if (next.Length > 0)
            {
                if (!_orderPages.Remove(next, out position))
                {
                    return Error(400, "InvalidInput", "Invalid Input", "NextToken is invalid or expired");
                }
            }
            else if (Date(q["LastUpdatedAfter"]) is { } updated)
            {
                DateTimeOffset? before = Date(q["LastUpdatedBefore"]);
                if (before is { } b && b > clock.GetUtcNow().AddMinutes(-2))
                {
                    return Error(400, "InvalidInput", "Invalid Input", "LastUpdatedBefore must be at least 2 minutes before the time of the request");
                }

                position = (updated, before, false, 0);
            }
            else if (Date(q["CreatedAfter"]) is { } created)
            {
                position = (created, null, true, 0);
            }
            else
            {
                return Error(400, "InvalidInput", "Invalid Input", "Either CreatedAfter or LastUpdatedAfter must be specified");
            }

            var matching = _orders
                .Where(o => Date(o[position.ByCreation ? "PurchaseDate" : "LastUpdateDate"]!.GetValue<string>()) >= position.After)
                .Where(o => position.Before is not { } before || Date(o["LastUpdateDate"]!.GetValue<string>()) <= before)
                .OrderBy(o => o["LastUpdateDate"]!.GetValue<string>(), StringComparer.Ordinal)
                .ThenBy(o => o["AmazonOrderId"]!.GetValue<string>(), StringComparer.Ordinal)
                .ToList();
            bool restricted = _restrictedTokens.Contains(context.Request.Headers["x-amz-access-token"].ToString());
            var page = matching.Skip(position.Offset).Take(PageSize).Select(o => (JsonNode)WithoutRestrictedData(o, restricted)).ToArray();
            var payload = new JsonObject { ["Orders"] = new JsonArray(page), ["LastUpdatedBefore"] = Iso(clock.GetUtcNow().AddMinutes(-2)) };
            if (position.Offset + page.Length < matching.Count)
            {
                string token = Guid.NewGuid().ToString("N");
                _orderPages[token] = (position.After, position.Before, position.ByCreation, position.Offset + page.Length);
                payload["NextToken"] = token;
            }

            return Payload(payload, GetOrdersPlan.Rate);
        }
    }

    private IResult OrderItems(string orderId, HttpContext context)
    {
        lock (_gate)
        {
            ItemsCalls++;
            if (Refused(context, "getOrderItems", GetOrderItemsPlan) is { } refused)
            {
                return refused;
            }

            int offset = 0;
            string next = context.Request.Query["NextToken"].ToString();
            if (next.Length > 0)
            {
                if (!_itemPages.Remove(next, out var position) || position.OrderId != orderId)
                {
                    return Error(400, "InvalidInput", "Invalid Input", "NextToken is invalid or expired");
                }

                offset = position.Offset;
            }

            if (!_items.TryGetValue(orderId, out List<JsonObject>? items))
            {
                return Error(404, "NotFound", "Order not found", orderId);
            }

            var page = items.Skip(offset).Take(ItemsPageSize).Select(i => (JsonNode)i.DeepClone()).ToArray();
            var payload = new JsonObject { ["AmazonOrderId"] = orderId, ["OrderItems"] = new JsonArray(page) };
            if (offset + page.Length < items.Count)
            {
                string token = Guid.NewGuid().ToString("N");
                _itemPages[token] = (orderId, offset + page.Length);
                payload["NextToken"] = token;
            }

            return Payload(payload, GetOrderItemsPlan.Rate);
        }
    }

    /// <summary>The token check, then the operation's bucket: 403 or 429 when the call may not proceed.</summary>
    private IResult? Refused(HttpContext context, string operation, (double Rate, int Burst) plan)
    {
        if (FailNext > 0)
        {
            FailNext--;
            return Error(503, "ServiceUnavailable", "Service temporarily unavailable.", null);
        }

        string token = context.Request.Headers["x-amz-access-token"].ToString();
        if (token.Length == 0 || !_tokens.TryGetValue(token, out DateTimeOffset expires) || clock.GetUtcNow() >= expires)
        {
            UnauthorizedAnswers++;
            string details = token.Length == 0 ? "The access token is missing." : _tokens.ContainsKey(token) ? "The access token you provided has expired." : "The access token you provided is revoked, malformed or invalid.";
            return Error(403, "Unauthorized", "Access to requested resource is denied.", details);
        }

        if (DeniedOperations.Contains(operation))
        {
            UnauthorizedAnswers++;
            return Error(403, "Unauthorized", "Access to requested resource is denied.", "The application does not hold the role this operation needs.");
        }

        if (!_buckets.TryGetValue(operation, out Bucket? bucket))
        {
            bucket = _buckets[operation] = new Bucket(plan.Burst, clock.GetUtcNow());
        }

        DateTimeOffset now = clock.GetUtcNow();
        bucket.Tokens = Math.Min(plan.Burst, bucket.Tokens + (plan.Rate * (now - bucket.At).TotalSeconds));
        bucket.At = now;
        if (bucket.Tokens < 1 - 1e-9)
        {
            ThrottledAnswers++;
            return new RateLimited(Error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", null), plan.Rate);
        }

        bucket.Tokens -= 1;
        return null;
    }

    private IResult? Marketplace400(string marketplaceIds)
    {
        string[] ids = marketplaceIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return Error(400, "InvalidInput", "Invalid Input", "MarketplaceIds is required");
        }

        string? unknown = ids.FirstOrDefault(id => !Marketplaces.Contains(id));
        return unknown is null ? null : Error(400, "InvalidInput", "Invalid Input", $"Invalid MarketplaceId: {unknown}");
    }

    private static IResult Payload(JsonObject payload, double rate) => new RateLimited(Results.Json(new JsonObject { ["payload"] = payload }), rate);

    private static IResult Error(int status, string code, string message, string? details)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (details is not null)
        {
            error["details"] = details;
        }

        return Results.Json(new JsonObject { ["errors"] = new JsonArray(error) }, statusCode: status);
    }

    private static IResult LwaError(string error, string description, int status) =>
        Results.Json(new JsonObject { ["error_description"] = description, ["error"] = error }, statusCode: status);

    private static JsonObject Item(string amazonOrderId, (string Sku, int Quantity, decimal LineTotal) item, int n) => new()
    {
        ["ASIN"] = $"B0{Math.Abs(StringComparer.Ordinal.GetHashCode(item.Sku)) % 100_000_000:D8}",
        ["OrderItemId"] = $"{amazonOrderId.Replace("-", "", StringComparison.Ordinal)}{n + 1:D2}",
        ["SellerSKU"] = item.Sku,
        ["Title"] = $"Item {item.Sku}",
        ["QuantityOrdered"] = item.Quantity,
        ["QuantityShipped"] = 0,
        ["ItemPrice"] = Money(item.LineTotal),
    };

    private static JsonObject Money(decimal amount) =>
        new() { ["CurrencyCode"] = "USD", ["Amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture) };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset At { get; set; } = at;
    }

    /// <summary>Adds <c>x-amzn-RateLimit-Limit</c> to an answer, as SP-API does when it knows the operation's plan.</summary>
    private sealed class RateLimited(IResult inner, double rate) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers["x-amzn-RateLimit-Limit"] = rate.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
