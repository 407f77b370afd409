using System.Text;
using System.Text.Json;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Orders;

/// <summary>Splits a payloads file: one JSON object, a JSON array of objects, or NDJSON.</summary>
internal static class PayloadFile
{
    public static IReadOnlyList<byte[]> Split(string path, byte[] content)
    {
        string text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Select(e => Encoding.UTF8.GetBytes(e.GetRawText()))]
                : [content];
        }
        catch (JsonException)
        {
            // Not one document: read it as NDJSON, naming the first line that is not JSON.
        }

        var payloads = new List<byte[]>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var _ = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"{path}: line {i + 1} is not JSON ({ex.Message.Split('.')[0]}) — give one JSON object, a JSON array, or one object per line", ex);
            }

            payloads.Add(Encoding.UTF8.GetBytes(line));
        }

        return payloads.Count > 0 ? payloads : throw new CliUsageException($"{path}: no payloads in the file");
    }
}
