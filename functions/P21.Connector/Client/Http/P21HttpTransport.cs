using System.Net;

using Polly.CircuitBreaker;
using Polly.Timeout;

namespace P21.Connector.Client.Http;

/// <summary>
/// Sends one logical request through a connection's pipeline: follows redirects itself (so the bearer header is
/// kept, which the platform handler would strip) and turns transport failures into transient
/// <see cref="P21RequestFailedException"/>s. Any HTTP status is returned to the caller.
/// </summary>
internal static class P21HttpTransport
{
    private const int MaxRedirects = 3;

    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        HttpMethod method,
        Uri uri,
        byte[]? jsonBody,
        P21RequestKind kind,
        string connection,
        string operation,
        CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (jsonBody is not null)
            {
                request.Content = new ByteArrayContent(jsonBody);
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            }

            request.Options.Set(P21RequestOptions.Kind, kind);
            request.Options.Set(P21RequestOptions.Operation, operation);

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw Transport(connection, operation, $"P21 did not answer in time ({ex.Timeout.TotalSeconds:0.#} s)", "raise P21:Connections:{0}:RequestTimeout if P21 is slow, or check the host", ex);
            }
            catch (BrokenCircuitException ex)
            {
                throw Transport(connection, operation, "the circuit to P21 is open after repeated failures", "P21 is failing; calls resume automatically after a short break", ex);
            }
            catch (HttpRequestException ex)
            {
                throw Transport(connection, operation, $"P21 could not be reached ({ex.HttpRequestError}: {ex.Message})", "check P21:Connections:{0}:BaseUrl, DNS, TLS and the firewall", ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Transport(connection, operation, "the request to P21 timed out", "raise P21:Connections:{0}:RequestTimeout if P21 is slow", ex);
            }

            if (hop < MaxRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                // 301/302/303 turn a POST into a GET in browsers; P21 only uses 307 (trailing slash), which keeps the method.
                if (response.StatusCode is HttpStatusCode.SeeOther)
                {
                    method = HttpMethod.Get;
                    jsonBody = null;
                }

                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static P21RequestFailedException Transport(string connection, string operation, string what, string hint, Exception inner)
    {
        string fix = string.Format(System.Globalization.CultureInfo.InvariantCulture, hint, connection);
        return new P21RequestFailedException(
            $"P21 {operation} on connection '{connection}' failed: {what}. Hint: {fix}.",
            status: 0,
            isTransient: true,
            errorCode: inner.GetType().Name,
            hint: fix,
            innerException: inner);
    }
}
