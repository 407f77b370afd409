using System.Text.Json;

namespace P21.Connector.Intake;

/// <summary>Parses a raw JSON body with a depth limit; a UTF-8 BOM is skipped (the signature covered the raw bytes).</summary>
internal static class JsonBody
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body, int maxDepth)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (body.Span.StartsWith(bom))
        {
            body = body[3..];
        }

        return JsonDocument.Parse(body, new JsonDocumentOptions
        {
            MaxDepth = maxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
    }
}
