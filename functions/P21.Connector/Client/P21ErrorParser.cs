using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace P21.Connector.Client;

/// <summary>
/// Turns a failed P21 response into the right <see cref="P21RequestFailedException"/>: reads P21's error envelopes
/// (Entity/REST <c>ErrorMessage</c>/<c>ErrorType</c>, OData <c>error.code</c>/<c>error.message</c>, <c>Message</c>),
/// truncates the body, classifies transient vs permanent and adds a hint.
/// </summary>
internal static class P21ErrorParser
{
    internal const int MaxBodyChars = 1000;
    private const int MaxBodyBytesRead = 64 * 1024;
    private static readonly string[] PermanentErrorTypes = ["BusinessException", "NotAvailable", "ArgumentException", "NotFoundException", "ValidationException"];

    public static async Task<P21RequestFailedException> CreateAsync(
        HttpResponseMessage response, string connection, string operation, CancellationToken cancellationToken)
    {
        string body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return Create((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, connection, operation);
    }

    public static P21RequestFailedException Create(int status, string? mediaType, string body, string connection, string operation)
    {
        (string? code, string? p21Message) = ReadEnvelope(body);
        string? truncated = body.Length == 0 ? null : body.Length <= MaxBodyChars ? body : body[..MaxBodyChars] + "…";
        // P21 reports business-rule and unknown-window failures as 500s; retrying them cannot help.
        bool businessRule = code is not null && PermanentErrorTypes.Any(t => code.Contains(t, StringComparison.OrdinalIgnoreCase));
        bool transient = !businessRule && IsTransientStatus(status);
        bool looksJson = body.TrimStart().StartsWith('{') || body.TrimStart().StartsWith('[');

        string? hint = status switch
        {
            401 or 403 => $"P21 refused the credentials or token of connection '{connection}': check P21:Connections:{connection}:UserName and the password/consumer-key secret, that the user has 'Allow OData API Service' and Dataservice permission on the table (or that the consumer key's scope covers it)",
            404 => P21NotFoundException.DefaultHint,
            // This client always sends Accept: application/json, so an empty 500 is a failure under load (retried) or a service P21 does not have.
            500 when body.Length == 0 => "P21 sent an empty 500, after the client's retries: usually P21 failing under load (run again later), else an unknown or undeployed service; check the service name and the middleware log",
            408 or 429 or 502 or 503 or 504 => "P21 is busy or unreachable; the call can be retried later",
            _ when body.Length > 0 && !looksJson => $"P21 answered non-JSON ({mediaType ?? "no content type"}); missing Accept: application/json, or a proxy error page?",
            _ when businessRule => "P21 refused the request as invalid (not transient); fix what its message names",
            _ => null,
        };

        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"P21 {operation} on connection '{connection}' failed with HTTP {status}{(code is null ? "" : $" ({code})")}: {p21Message?.TrimEnd('.') ?? (body.Length == 0 ? "empty body" : "see ResponseBody")}.{(hint is null ? "" : $" Hint: {hint}.")}");

        return status switch
        {
            401 or 403 => new P21AuthenticationException(message, status, code, p21Message, truncated, hint),
            404 => new P21NotFoundException(message, code, p21Message, truncated, hint!),
            _ => new P21RequestFailedException(message, status, transient, code, p21Message, truncated, hint),
        };
    }

    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 and <= 599;

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                byte[] buffer = new byte[MaxBodyBytesRead];
                int total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    private static (string? Code, string? Message) ReadEnvelope(string body)
    {
        if (body.Length == 0 || !(body.TrimStart().StartsWith('{') || body.TrimStart().StartsWith('[')))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                return (Text(error, "code"), Text(error, "message"));
            }

            return (Text(root, "ErrorType") ?? Text(root, "code"),
                Text(root, "ErrorMessage") ?? Text(root, "Message") ?? Text(root, "message") ?? Text(root, "title"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement element, string name)
    {
        return element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
