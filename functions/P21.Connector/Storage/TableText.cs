namespace P21.Connector.Storage;

/// <summary>Keeps free text inside Table Storage's 64 KiB (32K UTF-16 characters) string-property limit.</summary>
internal static class TableText
{
    public const int MaxChars = 30_000;

    public static string? Fit(string? text)
    {
        if (text is null || text.Length <= MaxChars)
        {
            return text;
        }

        string marker = $" … (truncated from {text.Length} characters)";
        int keep = MaxChars - marker.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), marker);
    }
}
