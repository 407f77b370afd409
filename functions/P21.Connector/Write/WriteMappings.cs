using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>The mapping lookups the handlers make, named for what they resolve (keys are normalized by the store).</summary>
internal sealed class WriteMappings(IMappingStore store)
{
    public Task<string?> ItemIdAsync(string connection, string source, string sku, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(sku) ? Task.FromResult<string?>(null) : store.GetAsync(connection, source, MappingKind.Sku, sku, cancellationToken);

    public Task<string?> CustomerIdAsync(string connection, string source, string platformKey, CancellationToken cancellationToken) =>
        store.GetAsync(connection, source, MappingKind.Customer, platformKey, cancellationToken);

    public Task SaveCustomerAsync(string connection, string source, string platformKey, string customerId, CancellationToken cancellationToken) =>
        store.SetAsync(connection, source, MappingKind.Customer, platformKey, customerId, cancellationToken);

    // Ship-tos belong to a P21 customer, not to a platform: the key holds the customer id and the address fingerprint.
    public Task<string?> ShipToIdAsync(string connection, string customerId, string addressKey, CancellationToken cancellationToken) =>
        store.GetAsync(connection, ShipToSource, MappingKind.ShipTo, $"{customerId}|{addressKey}", cancellationToken);

    public Task SaveShipToAsync(string connection, string customerId, string addressKey, string shipToId, CancellationToken cancellationToken) =>
        store.SetAsync(connection, ShipToSource, MappingKind.ShipTo, $"{customerId}|{addressKey}", shipToId, cancellationToken);

    /// <summary>All GL-account mappings of a source, keyed as <see cref="MappingKey.ForGlAccount"/> builds them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GlAccountsAsync(string connection, string source, CancellationToken cancellationToken)
    {
        Dictionary<string, string> accounts = new(StringComparer.Ordinal);
        await foreach (Mapping mapping in store.ListAsync(connection, source, MappingKind.GlAccount, cancellationToken).ConfigureAwait(false))
        {
            accounts[mapping.Key] = mapping.Value;
        }

        return accounts;
    }

    /// <summary>Keeps which storefront order (and lines) a P21 order was written from, for the push flow.</summary>
    public Task SaveOrderLinkAsync(string connection, string source, string orderNo, OrderLink link, CancellationToken cancellationToken) =>
        store.SetAsync(connection, source, MappingKind.OrderLink, orderNo, link.ToJson(), cancellationToken);

    /// <summary>The SKU as P21 item ids are usually keyed (trimmed, upper-case); P21 does not upper-case them itself.</summary>
    public static string NormalizeSku(string sku) =>
        string.IsNullOrWhiteSpace(sku) ? "" : MappingKey.Normalize(MappingKind.Sku, sku);

    private const string ShipToSource = "p21";
}
