using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace P21.Functions.Http;

/// <summary>A lookup endpoint's JSON body: capped (413 over the limit) and parsed (400 naming the JSON path at fault).</summary>
internal static class JsonBody
{
    /// <summary>The parsed body (null when the JSON was <c>null</c>), or the problem to answer instead.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">Largest body accepted, in bytes.</param>
    /// <param name="type">The body's source-generated metadata.</param>
    /// <param name="shape">What to send, for the 400's detail (e.g. <c>{"itemIds": ["..."]}</c>).</param>
    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, int limit, JsonTypeInfo<T> type, string shape)
    {
        ReadOnlyMemory<byte>? body;
        try
        {
            body = await CappedBody.ReadAsync(request, limit, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            return (default, ProblemResults.TooLarge(limit));
        }

        if (body is not { } bytes)
        {
            return (default, ProblemResults.TooLarge(limit));
        }

        try
        {
            return (JsonSerializer.Deserialize(bytes.Span, type), null);
        }
        catch (JsonException ex)
        {
            return (default, ProblemResults.Make(ProblemResults.InvalidRequestType, "Malformed body", StatusCodes.Status400BadRequest,
                $"Send {shape} as JSON.", ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", ex.Message));
        }
    }
}
