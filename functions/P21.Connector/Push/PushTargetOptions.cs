namespace P21.Connector.Push;

/// <summary>One storefront the push flow updates, section <c>Push:Targets:{name}</c>.</summary>
public sealed class PushTargetOptions
{
    /// <summary>The Shopify API version used when <see cref="ApiVersion"/> is not set.</summary>
    public const string DefaultShopifyApiVersion = "2026-04";

    /// <summary>The storefront platform.</summary>
    /// <value>Required.</value>
    public PushPlatform? Platform { get; set; }

    /// <summary>The P21 connection whose change events are pushed to this target.</summary>
    /// <value>Required.</value>
    public string Connection { get; set; } = "";

    /// <summary>
    /// Where the platform is: the shop domain for Shopify (<c>example.myshopify.com</c>), the store hash for BigCommerce
    /// (or its API base <c>https://api.bigcommerce.com/stores/{hash}</c>), the site URL for WooCommerce. Plain
    /// <c>http</c> is accepted only for loopback hosts (local fakes).
    /// </summary>
    /// <value>Required.</value>
    public string Address { get; set; } = "";

    /// <summary>
    /// The NAME of the credential in the secret source (Key Vault or <c>Secrets:{name}</c>), never the credential itself:
    /// a Shopify Admin API access token, a BigCommerce API token, or <c>consumer_key:consumer_secret</c> for WooCommerce.
    /// </summary>
    /// <value>Required.</value>
    public string CredentialSecret { get; set; } = "";

    /// <summary>P21 <c>location_id</c> → platform location id (Shopify <c>gid://shopify/Location/…</c>, BigCommerce numeric id, WooCommerce any label: the store has one stock).</summary>
    /// <value>Required, at least one.</value>
    public Dictionary<string, string> Locations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What is pushed: any of <c>inventory</c>, <c>shipments</c>, <c>order-status</c> (<see cref="PushEntities"/>).</summary>
    /// <value>Empty (unset) pushes all three. Empty rather than the three names because the configuration binder appends
    /// to an array's initial elements: <c>Entities:0=inventory</c> over a default of three would push four.</value>
    public string[] Entities { get; set; } = [];

    /// <summary>Whether <paramref name="entity"/> (a <see cref="PushEntities"/> name) is pushed.</summary>
    public bool Pushes(string entity) => Entities.Length == 0 || Entities.Contains(entity, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The intake source whose orders this store sent (<c>shopify</c>, <c>bigcommerce</c>, <c>woocommerce</c>): shipments and
    /// cancellations are pushed only for P21 orders the writer created from that source's webhooks.
    /// </summary>
    /// <value>Default the platform's intake source name.</value>
    public string? OrderSource { get; set; }

    /// <summary>Whether the platform tells the buyer about a shipment (Shopify <c>notifyCustomer</c>, WooCommerce customer note).</summary>
    /// <value>Default true.</value>
    public bool NotifyCustomer { get; set; } = true;

    /// <summary>What a P21 cancellation does to the platform order: <c>Tag</c>, <c>Cancel</c> or <c>None</c>.</summary>
    /// <value>Default <c>Tag</c> (a person decides on refunds).</value>
    public CancelMode OnCancel { get; set; } = CancelMode.Tag;

    /// <summary>
    /// P21 <c>carrier_id</c> → carrier name on the platform (<c>UPS</c>, <c>FedEx</c>, <c>USPS</c>, <c>DHL Express</c>, or any
    /// name). Unmapped ids whose text names one of those four carriers map to it; others are sent as they are.
    /// </summary>
    public Dictionary<string, string> Carriers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The intake source in use: <see cref="OrderSource"/> or the platform's.</summary>
    internal string OrderSourceName => string.IsNullOrWhiteSpace(OrderSource) ? (Platform?.ToString() ?? "").ToLowerInvariant() : OrderSource.Trim().ToLowerInvariant();

    /// <summary>The Shopify Admin API version (<c>YYYY-MM</c>); ignored by the other platforms.</summary>
    /// <value>Default <c>2026-04</c> for Shopify.</value>
    public string? ApiVersion { get; set; }

    /// <summary>The Shopify API version in use: <see cref="ApiVersion"/> or <see cref="DefaultShopifyApiVersion"/>.</summary>
    internal string ShopifyApiVersion => string.IsNullOrWhiteSpace(ApiVersion) ? DefaultShopifyApiVersion : ApiVersion.Trim();
}

/// <summary>The entity names <see cref="PushTargetOptions.Entities"/> accepts.</summary>
public static class PushEntities
{
    /// <summary>Stock per item and location (change events <c>p21.inventory.changed</c>).</summary>
    public const string Inventory = "inventory";

    /// <summary>Confirmed pick tickets of orders that came from the store (change events <c>p21.shipment.changed</c>).</summary>
    public const string Shipments = "shipments";

    /// <summary>Cancellations of orders that came from the store (change events <c>p21.salesorder.changed</c>).</summary>
    public const string OrderStatus = "order-status";

    /// <summary>Every name a target may list.</summary>
    public static IReadOnlyList<string> Known { get; } = [Inventory, Shipments, OrderStatus];

    /// <summary>The poll entity whose change events feed <paramref name="entity"/> (for a push cycle that polls first).</summary>
    public static string PollEntity(string entity) => entity.ToLowerInvariant() switch
    {
        Inventory => "inventory",
        Shipments => "shipments",
        OrderStatus => "sales-orders",
        _ => throw new ArgumentException($"'{entity}' is not a push entity (known: {string.Join(", ", Known)}).", nameof(entity)),
    };
}
