using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Amazon;

/// <summary>
/// Restricted data tokens (Tokens API 2021-03-01, models/tokens-api-model/tokensApi_2021-03-01.json):
/// <c>POST /tokens/2021-03-01/restrictedDataToken</c> with <c>restrictedResources: [{method, path, dataElements}]</c>
/// answers <c>restrictedDataToken</c> and <c>expiresIn</c> (usage plan 1 request/s, burst 10). Sent in place of the
/// access token, it makes the generic path <c>/orders/v0/orders</c> answer <c>BuyerInfo</c> and the full
/// <c>ShippingAddress</c>; without it getOrders leaves out the buyer and the street lines. One token per path is kept
/// until a minute before it lapses.
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>The restricted resource of getOrders (the generic path, good for every order).</summary>
    public const string OrdersPath = "/orders/v0/orders";

    private static readonly string[] OrderDataElements = ["buyerInfo", "shippingAddress"];

    private readonly Lock _restrictedGate = new();
    private (string Path, string Token, DateTimeOffset RenewAt)? _restricted;

    internal async Task<string> RestrictedTokenAsync(string path, CancellationToken cancellationToken)
    {
        lock (_restrictedGate)
        {
            if (_restricted is { } held && held.Path == path && time.GetUtcNow() < held.RenewAt)
            {
                return held.Token;
            }
        }

        var request = new RestrictedDataTokenRequest([new RestrictedResource("GET", path, OrderDataElements)]);
        string body = await SendAsync(
            "createRestrictedDataToken",
            HttpMethod.Post,
            "/tokens/2021-03-01/restrictedDataToken",
            JsonSerializer.Serialize(request, AmazonJsonContext.Default.RestrictedDataTokenRequest),
            cancellationToken).ConfigureAwait(false);
        RestrictedDataTokenAnswer answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, AmazonJsonContext.Default.RestrictedDataTokenAnswer)
                ?? throw new SpApiException("InvalidResponse", "createRestrictedDataToken answered an empty body", HttpStatusCode.OK);
        }
        catch (JsonException e)
        {
            throw new SpApiException($"createRestrictedDataToken answered JSON that does not match tokensApi_2021-03-01.json ({e.Path})", e);
        }

        if (string.IsNullOrEmpty(answer.RestrictedDataToken))
        {
            throw new SpApiException("InvalidResponse", "createRestrictedDataToken answered no restrictedDataToken", HttpStatusCode.OK);
        }

        DateTimeOffset renewAt = time.GetUtcNow() + TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600) - LwaTokens.RenewBefore;
        lock (_restrictedGate)
        {
            _restricted = (path, answer.RestrictedDataToken, renewAt);
        }

        LogRestrictedToken(logger, path, answer.ExpiresIn ?? 3600);
        return answer.RestrictedDataToken;
    }

    /// <summary>Drops the restricted data token SP-API refused, so the retry asks for a fresh one.</summary>
    private void ForgetRestrictedToken(string rejected)
    {
        lock (_restrictedGate)
        {
            if (_restricted is { } held && held.Token == rejected)
            {
                _restricted = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SP-API issued a restricted data token for {Path}, valid for {ExpiresInSeconds} s")]
    private static partial void LogRestrictedToken(ILogger logger, string path, int expiresInSeconds);
}

/// <summary><c>CreateRestrictedDataTokenRequest</c>: the resources the token is for.</summary>
internal sealed record RestrictedDataTokenRequest([property: JsonPropertyName("restrictedResources")] IReadOnlyList<RestrictedResource> RestrictedResources);

/// <summary><c>RestrictedResource</c>: an HTTP method, a path, and which kinds of PII it may answer.</summary>
internal sealed record RestrictedResource(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("dataElements")] IReadOnlyList<string> DataElements);

/// <summary><c>CreateRestrictedDataTokenResponse</c>.</summary>
internal sealed record RestrictedDataTokenAnswer(
    [property: JsonPropertyName("restrictedDataToken")] string? RestrictedDataToken,
    [property: JsonPropertyName("expiresIn")] int? ExpiresIn);
