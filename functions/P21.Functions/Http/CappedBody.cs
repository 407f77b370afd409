using Microsoft.AspNetCore.Http;

namespace P21.Functions.Http;

/// <summary>
/// Reads a request body up to a limit without ever holding more than the limit plus one byte: a declared
/// Content-Length over the limit is refused before reading, a streamed body as soon as it passes the limit.
/// </summary>
internal static class CappedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    /// <exception cref="BadHttpRequestException">The server refused the body (its own size limit, a broken upload).</exception>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        var buffer = new byte[Math.Min(limit + 1L, request.ContentLength + 1L ?? 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(limit + 1L, buffer.Length * 2L));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
        }
    }
}
