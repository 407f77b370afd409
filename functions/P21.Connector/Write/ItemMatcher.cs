using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>
/// Finds the P21 item of each platform SKU: the SKU mapping first, then an exact <c>inv_mast.item_id</c> match on
/// the normalized SKU. Every unknown SKU is reported at once (with its line), so one fix-and-replay is enough.
/// </summary>
internal sealed class ItemMatcher(WriteMappings mappings)
{
    /// <summary>The item id of each SKU, in input order.</summary>
    /// <exception cref="WriteRejectedException">One or more SKUs match no live P21 item.</exception>
    public async Task<IReadOnlyList<string>> MatchAsync(
        P21Client client, string connection, string source, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> found = new(StringComparer.Ordinal);
        string[] itemIds = new string[skus.Count];
        List<string> unknown = [];
        for (int i = 0; i < skus.Count; i++)
        {
            string sku = skus[i];
            if (!found.TryGetValue(sku, out string? itemId))
            {
                itemId = await mappings.ItemIdAsync(connection, source, sku, cancellationToken).ConfigureAwait(false)
                    ?? await FindItemAsync(client, sku.Trim(), cancellationToken).ConfigureAwait(false);
                string normalized = WriteMappings.NormalizeSku(sku);
                if (itemId is null && !string.Equals(normalized, sku.Trim(), StringComparison.Ordinal))
                {
                    itemId = await FindItemAsync(client, normalized, cancellationToken).ConfigureAwait(false);
                }

                found[sku] = itemId;
            }

            if (itemId is null)
            {
                unknown.Add(string.Create(CultureInfo.InvariantCulture, $"unknown SKU {sku} (line {i + 1})"));
            }
            else
            {
                itemIds[i] = itemId;
            }
        }

        if (unknown.Count > 0)
        {
            string reason = unknown.Count == 1
                ? unknown[0]
                : string.Create(CultureInfo.InvariantCulture, $"{unknown[0]} and {unknown.Count - 1} more unknown SKU(s)");
            throw new WriteRejectedException(
                reason + "; add a SKU mapping (p21 mappings) or the item in P21, then replay",
                string.Join(Environment.NewLine, unknown));
        }

        return itemIds;
    }

    private static async Task<string?> FindItemAsync(P21Client client, string itemId, CancellationToken cancellationToken)
    {
        if (itemId.Length == 0)
        {
            return null;
        }

        P21Row? row = await client.FirstOrDefaultAsync(
            new ODataQuery("inv_mast", Filter: P21Reads.NotDeleted(P21Reads.Eq("item_id", itemId)), Select: ["item_id"], OrderBy: ["item_id"]),
            cancellationToken).ConfigureAwait(false);
        return row?.GetString("item_id");
    }
}
