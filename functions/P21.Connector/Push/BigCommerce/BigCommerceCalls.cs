using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.BigCommerce;

/// <summary>
/// The call path the BigCommerce adapters share: the API token in <c>X-Auth-Token</c> on the named client
/// <see cref="BigCommerceInventory.HttpClientName"/>, the store quota read from <c>X-Rate-Limit-Requests-Left</c> /
/// <c>X-Rate-Limit-Time-Reset-Ms</c> (at zero left the next call waits for the reset; a 429 waits the reset it names),
/// a refused token invalidated and thrown as <see cref="PushCredentialException"/>, and the reasons of V2 and V3 error bodies.
/// </summary>
internal static partial class BigCommerceCalls
{
    /// <summary>Sends through <paramref name="http"/> with the target's token, waiting first when the quota was used up.</summary>
    /// <param name="http">Retries transient failures.</param>
    /// <param name="credentials">The target's API token.</param>
    /// <param name="quotaResets">When each target's used-up quota resets (the adapter's own, per target name).</param>
    /// <param name="logger">The adapter's logger.</param>
    /// <param name="target">The target.</param>
    /// <param name="build">Builds a fresh request per attempt.</param>
    /// <param name="counters">Counts calls and throttled waits.</param>
    /// <param name="cancellationToken">Cancels the call and any wait.</param>
    /// <exception cref="PushCredentialException">BigCommerce refused the token (401/403).</exception>
    public static async Task<HttpResponseMessage> SendAsync(PushHttp http, PushCredentials credentials, ConcurrentDictionary<string, DateTimeOffset> quotaResets,
        ILogger logger, PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken)
    {
        string token = await credentials.GetAsync(target, cancellationToken).ConfigureAwait(false);
        if (quotaResets.TryRemove(target.Name, out var resetAt) && resetAt > http.Time.GetUtcNow())
        {
            TimeSpan wait = resetAt - http.Time.GetUtcNow();
            counters.ThrottledWait();
            LogQuotaWait(logger, target.Name, wait.TotalMilliseconds);
            await Task.Delay(wait, http.Time, cancellationToken).ConfigureAwait(false);
        }

        var response = await http.SendAsync(BigCommerceInventory.HttpClientName, target, () =>
        {
            var request = build();
            request.Headers.Add("X-Auth-Token", token);
            request.Headers.Accept.ParseAdd("application/json");
            return request;
        }, QuotaReset, counters, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            await credentials.InvalidateAsync(target, cancellationToken).ConfigureAwait(false);
            throw new PushCredentialException($"BigCommerce refused the API token named by {target.SettingPath}:CredentialSecret ('{target.Options.CredentialSecret}'): {(int)response.StatusCode}.");
        }

        if (Header(response, "X-Rate-Limit-Requests-Left") is 0 && QuotaReset(response) is { } reset)
        {
            quotaResets[target.Name] = http.Time.GetUtcNow() + reset;
        }

        return response;
    }

    /// <summary>
    /// BigCommerce's words for a refusal: a V3 body's <c>title</c>, <c>detail</c> and <c>errors</c>, or a V2 body's
    /// <c>[{status, message}]</c>; the start of the text when it is neither.
    /// </summary>
    public static string Reason(string text)
    {
        try
        {
            if (text.TrimStart().StartsWith('['))
            {
                string messages = string.Join("; ", (JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.ListBigCommerceV2Error) ?? [])
                    .Select(e => e.Message).Where(m => !string.IsNullOrWhiteSpace(m)));
                return messages.Length > 0 ? messages : Trim(text);
            }

            var error = JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceError);
            string details = error?.Errors is { ValueKind: JsonValueKind.Object } errors
                ? string.Join("; ", errors.EnumerateObject().Select(p => $"{p.Name}: {p.Value}"))
                : "";
            string reason = string.Join(" ", new[] { error?.Title, error?.Detail, details }.Where(s => !string.IsNullOrWhiteSpace(s)));
            return reason.Length > 0 ? reason : Trim(text);
        }
        catch (JsonException)
        {
            return Trim(text);
        }
    }

    /// <summary>The field names of a V3 error body's <c>errors</c> object (none for other bodies).</summary>
    public static IEnumerable<string> ErrorNames(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceError)?.Errors is { ValueKind: JsonValueKind.Object } errors
                ? [.. errors.EnumerateObject().Select(p => p.Name)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A V3 error body's <c>title</c> (null for other bodies).</summary>
    public static string? Title(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceError)?.Title is { Length: > 0 } title ? title : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A V3 error body's <c>errors</c> entries as field name and text; a value that is a list of strings is joined, any
    /// other value is kept as its JSON (none for other bodies).
    /// </summary>
    public static IReadOnlyList<(string Name, string Message)> Errors(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceError)?.Errors is { ValueKind: JsonValueKind.Object } errors
                ? [.. errors.EnumerateObject().Select(p => (p.Name, Message(p.Value)))]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }

        static string Message(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => string.Join("; ", value.EnumerateArray().Select(v => v.GetString())),
            _ => value.GetRawText(),
        };
    }

    /// <summary>The wait until the quota window resets, from <c>X-Rate-Limit-Time-Reset-Ms</c>.</summary>
    private static TimeSpan? QuotaReset(HttpResponseMessage response) =>
        Header(response, "X-Rate-Limit-Time-Reset-Ms") is { } ms ? TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, 60_000)) : null;

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce quota used up; waiting {PauseMs} ms for its reset")]
    private static partial void LogQuotaWait(ILogger logger, string target, double pauseMs);
}
