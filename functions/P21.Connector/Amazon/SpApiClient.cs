using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace P21.Connector.Amazon;

/// <summary>
/// The Orders API v0 of the Selling Partner API (models/orders-api-model/ordersV0.json in
/// amzn/selling-partner-api-models): <c>getOrders</c> (usage plan 0.0167 requests/s, burst 20) and
/// <c>getOrderItems</c> (0.5 requests/s, burst 30), each followed over <c>NextToken</c>. Calls carry the LWA access
/// token in <c>x-amz-access-token</c> and nothing else: SP-API stopped requiring AWS IAM and Signature Version 4 on
/// 2 October 2023 (developer-docs.amazon.com/sp-api/changelog/sp-api-will-no-longer-require-aws-iam-or-aws-signature-version-4).
/// A 429 waits per <c>x-amzn-RateLimit-Limit</c> (<see cref="SpApiRetry"/>); 5xx and timeouts back off; a 403
/// <c>Unauthorized</c> renews the token once. Every wait is on the injected clock.
/// </summary>
internal sealed partial class SpApiClient(
    IHttpClientFactory clients,
    LwaTokens tokens,
    SpApiPacing pacing,
    IOptionsMonitor<AmazonOptions> options,
    TimeProvider time,
    ILogger<SpApiClient> logger)
{
    /// <summary>The named HTTP client SP-API calls go through.</summary>
    public const string HttpClientName = "amazon-sp-api";

    /// <summary>Timeout of one attempt (the named client has none, so a hung call is retried).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The orders of the configured marketplaces created or updated at or after <paramref name="updatedAfter"/>
    /// (<c>LastUpdatedAfter</c>: Amazon counts the creation as an update) and, when given, at or before
    /// <paramref name="updatedBefore"/> (at least two minutes ago, as Amazon requires), every page. Following pages are
    /// asked for with <c>NextToken</c> and <c>MarketplaceIds</c> only: the token carries the first request's filters.
    /// With <paramref name="restricted"/> the calls carry a restricted data token, so the orders hold the buyer and the
    /// full shipping address (the seller's app needs Amazon's PII roles for that).
    /// </summary>
    public async IAsyncEnumerable<AmazonOrder> GetOrdersAsync(
        DateTimeOffset updatedAfter, DateTimeOffset? updatedBefore, bool restricted, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string marketplaces = "MarketplaceIds=" + string.Join(',', options.CurrentValue.MarketplaceIds.Select(m => Uri.EscapeDataString(m.Trim())));
        string query = $"{marketplaces}&LastUpdatedAfter={Uri.EscapeDataString(Iso(updatedAfter))}";
        if (updatedBefore is { } before)
        {
            query += $"&LastUpdatedBefore={Uri.EscapeDataString(Iso(before))}";
        }

        for (int page = 1; ; page++)
        {
            string body = await SendAsync("getOrders", HttpMethod.Get, "/orders/v0/orders?" + query, null, cancellationToken, restricted ? OrdersPath : null).ConfigureAwait(false);
            (List<AmazonOrder> orders, string? next) = ReadPage(body, "getOrders", "Orders", AmazonJsonContext.Default.AmazonOrder, (o, json) => o with { Json = json });
            LogPage(logger, "getOrders", page, orders.Count);
            foreach (AmazonOrder order in orders)
            {
                yield return order;
            }

            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            query = $"{marketplaces}&NextToken={Uri.EscapeDataString(next)}";
        }
    }

    /// <summary>Every item of one order, over as many pages as Amazon splits them into.</summary>
    public async Task<IReadOnlyList<AmazonOrderItem>> GetOrderItemsAsync(string amazonOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(amazonOrderId);
        string path = $"/orders/v0/orders/{Uri.EscapeDataString(amazonOrderId)}/orderItems";
        var items = new List<AmazonOrderItem>();
        string? next = null;
        for (int page = 1; ; page++)
        {
            string pathAndQuery = next is null ? path : $"{path}?NextToken={Uri.EscapeDataString(next)}";
            string body = await SendAsync("getOrderItems", HttpMethod.Get, pathAndQuery, null, cancellationToken).ConfigureAwait(false);
            (List<AmazonOrderItem> items_, next) = ReadPage(body, "getOrderItems", "OrderItems", AmazonJsonContext.Default.AmazonOrderItem, (i, json) => i with { Json = json });
            items.AddRange(items_);
            LogPage(logger, "getOrderItems", page, items_.Count);
            if (string.IsNullOrEmpty(next))
            {
                return items;
            }
        }
    }

    /// <summary>
    /// Sends one SP-API call with the retry rules above and returns the success body. <paramref name="jsonBody"/> is
    /// sent as <c>application/json</c> (a string, so every attempt sends it afresh).
    /// </summary>
    /// <exception cref="SpApiException">Amazon refused the call, or it kept failing for <see cref="AmazonOptions.MaxAttempts"/> attempts.</exception>
    /// <exception cref="AmazonAuthException">Login with Amazon refused the credentials.</exception>
    /// <param name="operation">The SP-API operation name (its rate limits and pacing are per operation).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathAndQuery">The path and query, relative to the regional endpoint.</param>
    /// <param name="jsonBody">The request body, or null for none.</param>
    /// <param name="cancellationToken">Stops the call and its retries.</param>
    /// <param name="restrictedPath">The restricted resource to send a restricted data token for instead of the access token.</param>
    internal async Task<string> SendAsync(string operation, HttpMethod method, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken, string? restrictedPath = null)
    {
        AmazonOptions o = options.CurrentValue;
        Uri baseUri = AmazonAddress.SellingPartnerApi(o, out string? error) ?? throw new SpApiException($"{AmazonOptions.SectionName}: {error}");
        var uri = new Uri(baseUri, pathAndQuery);
        HttpClient client = clients.CreateClient(HttpClientName);
        bool renewed = false;
        (string Code, string Message, HttpStatusCode Status) last = ("", "", default);
        for (int attempt = 1; ; attempt++)
        {
            // Paced first: a token fetched before a long wait could lapse during it.
            await pacing.WaitAsync(operation, cancellationToken).ConfigureAwait(false);
            string token = restrictedPath is null
                ? await tokens.GetAsync(cancellationToken).ConfigureAwait(false)
                : await RestrictedTokenAsync(restrictedPath, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Add("x-amz-access-token", token);
            if (jsonBody is not null)
            {
                request.Content = new StringContent(jsonBody, System.Text.Encoding.UTF8, "application/json");
            }

            request.Headers.Accept.ParseAdd("application/json");
            TimeSpan pause;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(AttemptTimeout);
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return body;
                    }

                    SpApiError? first = Errors(body);
                    last = (first?.Code ?? response.StatusCode.ToString(), first?.Message ?? response.ReasonPhrase ?? "", response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.Forbidden && first?.Code == "Unauthorized" && !renewed)
                    {
                        // Expired or revoked early: one renewal decides whether it was the token or the app's roles.
                        renewed = true;
                        tokens.Invalidate(token);
                        ForgetRestrictedToken(token);
                        LogRenewing(logger, operation);
                        continue;
                    }

                    if (!SpApiRetry.IsTransient(response.StatusCode))
                    {
                        throw new SpApiException(last.Code, Describe(first), response.StatusCode);
                    }

                    pause = SpApiRetry.Doubling(attempt);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && SpApiRetry.RateWait(response) is { } interval)
                    {
                        // The pacing holds the retry (and every later call of the operation) one interval back.
                        pacing.Throttled(operation, interval);
                        pause = TimeSpan.Zero;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    last = (e is OperationCanceledException ? "Timeout" : "ConnectionFailed", e is OperationCanceledException ? "timed out" : "connection failed", HttpStatusCode.ServiceUnavailable);
                    pause = SpApiRetry.Doubling(attempt);
                }
            }

            if (attempt >= o.MaxAttempts)
            {
                throw new SpApiException(last.Code, $"{operation} still failing after {attempt} attempts: {last.Message}", last.Status);
            }

            LogRetry(logger, operation, last.Code, (int)last.Status, attempt, pause.TotalMilliseconds);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>payload.{member}[]</c> of a paged answer, each element read as <typeparamref name="T"/> and also kept as sent
    /// (<paramref name="keep"/>), since the intake rules read fields the records leave out; and <c>payload.NextToken</c>.
    /// </summary>
    private static (List<T> Records, string? NextToken) ReadPage<T>(string body, string operation, string member, JsonTypeInfo<T> type, Func<T, JsonElement, T> keep)
        where T : class
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("payload", out JsonElement payload) || payload.ValueKind != JsonValueKind.Object)
            {
                throw new SpApiException("InvalidResponse", $"{operation} answered no payload", HttpStatusCode.OK);
            }

            var records = new List<T>();
            if (payload.TryGetProperty(member, out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement element in list.EnumerateArray())
                {
                    T record = element.Deserialize(type) ?? throw new SpApiException("InvalidResponse", $"{operation} answered a null {member} entry", HttpStatusCode.OK);
                    records.Add(keep(record, element.Clone()));
                }
            }

            string? next = payload.TryGetProperty("NextToken", out JsonElement token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            return (records, next);
        }
        catch (JsonException e)
        {
            throw new SpApiException($"{operation} answered JSON that does not match ordersV0.json ({e.Path})", e);
        }
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static SpApiError? Errors(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, AmazonJsonContext.Default.SpApiErrorList)?.Errors?.FirstOrDefault();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(SpApiError? error) =>
        error is null ? "no error body" : string.IsNullOrEmpty(error.Details) ? error.Message ?? "" : $"{error.Message} ({error.Details})";

    [LoggerMessage(Level = LogLevel.Debug, Message = "SP-API {Operation} page {Page}: {Count} records")]
    private static partial void LogPage(ILogger logger, string operation, int page, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "SP-API {Operation} answered 403 Unauthorized; renewing the access token once")]
    private static partial void LogRenewing(ILogger logger, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SP-API {Operation} failed transiently ({Code}, HTTP {Status}), attempt {Attempt}; retrying in {PauseMs} ms")]
    private static partial void LogRetry(ILogger logger, string operation, string code, int status, int attempt, double pauseMs);
}
