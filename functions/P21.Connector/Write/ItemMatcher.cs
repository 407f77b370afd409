using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>
/// Finds the P21 item of each platform SKU: the SKU mapping first, then the items this process already found
/// (<see cref="KnownItems"/>), then an exact <c>inv_mast.item_id</c> match on the SKU and its normalized form, all of an
/// order's remaining SKUs in one <c>or</c>-chained read (P21 ignores <c>in</c>). Every unknown SKU is reported at once
/// (with its line), so one fix-and-replay is enough.
/// </summary>
internal sealed class ItemMatcher(WriteMappings mappings, KnownItems known)
{
    /// <summary>The most item ids one read asks for: keeps the URL short, as the mapping import's batches do.</summary>
    internal const int MaxIdsPerRead = 20;

    /// <summary>The item id of each SKU of <paramref name="context"/>'s command, in input order, kept on the context (<see cref="WriteContext.MatchedItemIds"/>).</summary>
    /// <exception cref="WriteRejectedException">One or more SKUs match no live P21 item.</exception>
    public async Task<IReadOnlyList<string>> MatchAsync(WriteContext context, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<string> itemIds = await MatchAsync(context.Client, context.Connection, context.Command.Source, skus, cancellationToken).ConfigureAwait(false);
        context.MatchedItemIds.AddRange(itemIds);
        return itemIds;
    }

    /// <summary>The item id of each SKU, in input order.</summary>
    /// <exception cref="WriteRejectedException">One or more SKUs match no live P21 item.</exception>
    public async Task<IReadOnlyList<string>> MatchAsync(
        P21Client client, string connection, string source, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> found = new(StringComparer.Ordinal);
        List<string> lookUp = [];
        foreach (string sku in skus.Distinct(StringComparer.Ordinal))
        {
            string? itemId = await mappings.ItemIdAsync(connection, source, sku, cancellationToken).ConfigureAwait(false);
            if (itemId is null && known.TryGet(connection, sku, out string cached))
            {
                itemId = cached;
            }

            found[sku] = itemId;
            if (itemId is null)
            {
                lookUp.Add(sku);
            }
        }

        if (lookUp.Count > 0)
        {
            await LookUpAsync(client, connection, lookUp, found, cancellationToken).ConfigureAwait(false);
        }

        string[] itemIds = new string[skus.Count];
        List<string> unknown = [];
        for (int i = 0; i < skus.Count; i++)
        {
            if (found[skus[i]] is { } itemId)
            {
                itemIds[i] = itemId;
            }
            else
            {
                unknown.Add(string.Create(CultureInfo.InvariantCulture, $"unknown SKU {skus[i]} (line {i + 1})"));
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

    /// <summary>
    /// Reads the SKUs' items, the SKU as it is (trimmed) before its normalized form, and fills <paramref name="found"/>.
    /// P21 compares strings case-insensitively (SQL Server's collation), so an answer is matched back ignoring case,
    /// an exact match first.
    /// </summary>
    private async Task LookUpAsync(P21Client client, string connection, List<string> skus, Dictionary<string, string?> found, CancellationToken cancellationToken)
    {
        var candidates = skus.Select(s => (Sku: s, Ids: new[] { s.Trim(), WriteMappings.NormalizeSku(s) }.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray())).ToList();
        string[] ids = [.. candidates.SelectMany(c => c.Ids).Distinct(StringComparer.Ordinal)];
        var live = new List<string>();
        foreach (string[] chunk in ids.Chunk(MaxIdsPerRead))
        {
            string filter = "(" + string.Join(" or ", chunk.Select(id => P21Reads.Eq("item_id", id))) + ")";
            IReadOnlyList<P21Row> rows = await client.ListAsync(
                new ODataQuery("inv_mast", Filter: P21Reads.NotDeleted(filter), Select: ["item_id"], OrderBy: ["item_id"]), cancellationToken).ConfigureAwait(false);
            live.AddRange(rows.Select(r => r.GetString("item_id")).OfType<string>());
        }

        foreach ((string sku, string[] candidateIds) in candidates)
        {
            string? itemId = candidateIds
                .Select(id => live.FirstOrDefault(l => string.Equals(l, id, StringComparison.Ordinal)) ?? live.FirstOrDefault(l => string.Equals(l, id, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(l => l is not null);
            found[sku] = itemId;
            if (itemId is not null)
            {
                known.Remember(connection, sku, itemId);
            }
        }
    }
}
