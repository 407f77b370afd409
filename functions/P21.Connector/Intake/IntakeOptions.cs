using System.ComponentModel.DataAnnotations;

using Microsoft.Extensions.Options;

using P21.Connector.Commands;

namespace P21.Connector.Intake;

/// <summary>Settings of the inbound intake (section <c>Intake</c>); see docs/inbound.md.</summary>
public sealed class IntakeOptions : OrderEligibilityPolicy
{
    /// <summary>The configuration section name.</summary>
    public new const string SectionName = OrderEligibilityPolicy.SectionName;

    /// <summary>Largest accepted JSON body; larger bodies get 413 before anything else is read.</summary>
    /// <value>Default 1 MiB.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted settlement body (flat files run to thousands of lines).</summary>
    /// <value>Default 32 MiB.</value>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxSettlementBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Deepest JSON nesting a parser accepts.</summary>
    /// <value>Default 32.</value>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>How far a Standard Webhooks <c>webhook-timestamp</c> may be from now (either side).</summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The P21 connection that intake commands are written to.</summary>
    /// <value>Default <c>default</c>.</value>
    [Required]
    [MinLength(1)]
    public string Connection { get; set; } = "default";

    /// <summary>How many accepted storefront orders <see cref="IRecentOrders"/> keeps (for <c>p21 orders dry-run</c>).</summary>
    /// <value>Default 200.</value>
    [Range(1, 100_000)]
    public int RecentOrdersCapacity { get; set; } = 200;

    /// <summary>Shopify settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public ShopifyIntakeOptions Shopify { get; set; } = new();

    /// <summary>WooCommerce settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public SecretOnlyIntakeOptions WooCommerce { get; set; } = new() { SecretName = "webhook-woocommerce" };

    /// <summary>BigCommerce settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public BigCommerceIntakeOptions BigCommerce { get; set; } = new();

    /// <summary>Amazon settings (orders and settlements are pushed by our own poller, signed with Standard Webhooks).</summary>
    [Required]
    [ValidateObjectMembers]
    public SecretOnlyIntakeOptions Amazon { get; set; } = new() { SecretName = "webhook-amazon" };

    /// <summary>
    /// Sources that send our canonical JSON signed with Standard Webhooks, by name (e.g. <c>generic</c>,
    /// <c>clarity</c>); the value is the secret name. The source name becomes part of the idempotency key.
    /// </summary>
    public Dictionary<string, string> GenericSources { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["generic"] = "webhook-generic",
    };
}

/// <summary>A source whose only setting is the name of its signing secret.</summary>
public sealed class SecretOnlyIntakeOptions
{
    /// <summary>Name of the signing secret in <c>ISecretSource</c>.</summary>
    [Required]
    public string SecretName { get; set; } = "";
}

/// <summary>Shopify webhook settings.</summary>
public sealed class ShopifyIntakeOptions
{
    /// <summary>Name of the app's client secret (the HMAC key) in <c>ISecretSource</c>.</summary>
    /// <value>Default <c>webhook-shopify</c>.</value>
    [Required]
    public string SecretName { get; set; } = "webhook-shopify";

    /// <summary>
    /// How old <c>X-Shopify-Triggered-At</c> may be. The header is not covered by the HMAC and Shopify retries a
    /// failed delivery for hours with the original value, so a short window rejects honest retries; the
    /// idempotency key already stops duplicate writes. Set to zero to disable the check.
    /// </summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>BigCommerce webhook and V2 API settings.</summary>
public sealed class BigCommerceIntakeOptions
{
    /// <summary>Name of the shared secret sent back in <see cref="AuthHeaderName"/> (set when registering the webhook).</summary>
    /// <value>Default <c>webhook-bigcommerce</c>.</value>
    [Required]
    public string SecretName { get; set; } = "webhook-bigcommerce";

    /// <summary>The custom header registered on the webhook (<c>headers</c> of <c>POST /v3/hooks</c>) that carries the shared secret.</summary>
    /// <value>Default <c>X-P21-Webhook-Token</c>.</value>
    [Required]
    public string AuthHeaderName { get; set; } = "X-P21-Webhook-Token";

    /// <summary>Name of the store API token (sent as <c>X-Auth-Token</c>).</summary>
    /// <value>Default <c>bigcommerce-api-token</c>.</value>
    [Required]
    public string ApiTokenSecretName { get; set; } = "bigcommerce-api-token";

    /// <summary>The store hash; when set, a webhook from another store (<c>producer</c>) is refused.</summary>
    public string? StoreHash { get; set; }

    /// <summary>Base URL of the API; requests go to <c>{ApiBaseUrl}/stores/{hash}/v2/orders/{id}</c>.</summary>
    /// <value>Default <c>https://api.bigcommerce.com</c>.</value>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.bigcommerce.com");

    /// <summary>Timeout of each API call; a timeout answers 503 so BigCommerce retries the webhook.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
