using System.Text;

using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// Stores a large text (a parked command, a schema snapshot) as UTF-8 across rows of the owner's partition.
/// </summary>
/// <remarks>
/// A property holds at most 64 KiB and an entity 1 MiB, and a 10k-line settlement is about 1 MB, so the text is
/// split into binary properties of 48 KiB (64 KiB once base64-encoded on the wire), 12 per row (576 KiB a row).
/// Rows are keyed <c>c|{owner}|{generation}|{index}</c>: a rewrite puts a new generation next to the old one,
/// the owner's header row is switched to it, and only then is the old generation deleted, so a reader always
/// finds a complete text. Blob storage would suit huge payloads better, but keeping everything in one table means
/// one service, one identity role, and a parked record's header and payload in the same partition.
/// </remarks>
internal static class PayloadChunks
{
    public const int BytesPerProperty = 48 * 1024;
    public const int PropertiesPerRow = 12;
    private const int BytesPerRow = BytesPerProperty * PropertiesPerRow;

    public static string NewGeneration() => Guid.NewGuid().ToString("N");

    /// <summary>Writes the text's rows for <paramref name="generation"/> and returns how many were written.</summary>
    public static async Task<int> WriteAsync(TableClient table, string partitionKey, string owner, string generation, string text, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int rows = Math.Max(1, (bytes.Length + BytesPerRow - 1) / BytesPerRow);
        for (int row = 0; row < rows; row++)
        {
            var entity = new TableEntity(partitionKey, RowKey(owner, generation, row));
            int rowStart = row * BytesPerRow;
            for (int property = 0; property < PropertiesPerRow; property++)
            {
                int start = rowStart + (property * BytesPerProperty);
                if (start >= bytes.Length)
                {
                    break;
                }

                entity[$"D{property:D2}"] = bytes[start..Math.Min(bytes.Length, start + BytesPerProperty)];
            }

            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>Reads the text back; null when a row is missing (the generation was replaced meanwhile: read the header again).</summary>
    public static async Task<string?> ReadAsync(TableClient table, string partitionKey, string owner, string generation, int rows, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        for (int row = 0; row < rows; row++)
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey(owner, generation, row), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entity.HasValue)
            {
                return null;
            }

            for (int property = 0; property < PropertiesPerRow; property++)
            {
                if (entity.Value!.GetBinary($"D{property:D2}") is not { } part)
                {
                    break;
                }

                buffer.Write(part);
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Deletes a generation's rows; rows already gone are fine.</summary>
    public static async Task DeleteAsync(TableClient table, string partitionKey, string owner, string generation, int rows, CancellationToken cancellationToken)
    {
        for (int row = 0; row < rows; row++)
        {
            await table.DeleteEntityAsync(partitionKey, RowKey(owner, generation, row), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static string RowKey(string owner, string generation, int row) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"c|{owner}|{generation}|{row:D5}");
}
