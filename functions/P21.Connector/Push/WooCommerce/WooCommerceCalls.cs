using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace P21.Connector.Push.WooCommerce;

/// <summary>
/// The call path the WooCommerce adapters share: basic auth with the target's <c>consumer_key:consumer_secret</c> on
/// the named client <see cref="WooCommerceInventory.HttpClientName"/>, a refused key invalidated and thrown as
/// <see cref="PushCredentialException"/>, and the reason of a WP REST error body.
/// </summary>
internal static class WooCommerceCalls
{
    /// <summary>Sends through <paramref name="http"/> with the target's key.</summary>
    /// <param name="http">Retries transient failures.</param>
    /// <param name="credentials">The target's <c>consumer_key:consumer_secret</c>.</param>
    /// <param name="target">The target.</param>
    /// <param name="build">Builds a fresh request per attempt.</param>
    /// <param name="counters">Counts calls.</param>
    /// <param name="cancellationToken">Cancels the call and any pause.</param>
    /// <exception cref="PushCredentialException">The secret is not a key pair, or WooCommerce refused it (401/403).</exception>
    public static async Task<HttpResponseMessage> SendAsync(PushHttp http, PushCredentials credentials, PushTarget target, Func<HttpRequestMessage> build,
        PushCounters counters, CancellationToken cancellationToken)
    {
        string credential = await credentials.GetAsync(target, cancellationToken).ConfigureAwait(false);
        if (!credential.Contains(':', StringComparison.Ordinal))
        {
            throw new PushCredentialException($"The secret '{target.Options.CredentialSecret}' named by {target.SettingPath}:CredentialSecret must be consumer_key:consumer_secret.");
        }

        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)));
        var response = await http.SendAsync(WooCommerceInventory.HttpClientName, target, () =>
        {
            var request = build();
            request.Headers.Authorization = authorization;
            return request;
        }, null, counters, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            await credentials.InvalidateAsync(target, cancellationToken).ConfigureAwait(false);
            throw new PushCredentialException($"WooCommerce refused the REST API key named by {target.SettingPath}:CredentialSecret ('{target.Options.CredentialSecret}'): {(int)response.StatusCode}.");
        }

        return response;
    }

    /// <summary>WooCommerce's words for a refusal: <c>code message</c> of a WP REST error, else the start of the text.</summary>
    public static string Reason(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, WooCommerceJsonContext.Default.WooError) is { Message: { } message } error ? $"{error.Code} {message}".Trim() : Trim(text);
        }
        catch (JsonException)
        {
            return Trim(text);
        }
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];
}
