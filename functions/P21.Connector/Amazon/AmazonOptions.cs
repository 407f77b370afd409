namespace P21.Connector.Amazon;

/// <summary>
/// Settings of the Selling Partner API client (section <c>Amazon</c>): which region and marketplaces are read and which
/// secrets hold the Login with Amazon credentials. See docs/amazon.md.
/// </summary>
public sealed class AmazonOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Amazon";

    /// <summary>Login with Amazon's token endpoint, the one every SP-API region uses.</summary>
    public const string DefaultTokenEndpoint = "https://api.amazon.com/auth/o2/token";

    /// <summary>The selling region: <c>na</c>, <c>eu</c> or <c>fe</c>; it picks the SP-API endpoint.</summary>
    public string? Region { get; set; }

    /// <summary>An SP-API base URL that replaces the region's (the sandbox, a loopback fake); https, or http on loopback.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The Login with Amazon token endpoint; https, or http on loopback.</summary>
    public string TokenEndpoint { get; set; } = DefaultTokenEndpoint;

    /// <summary>The LWA client identifier of the SP-API application (not a secret: it names the app).</summary>
    public string? ClientId { get; set; }

    /// <summary>The NAME of the secret that holds the LWA client secret, never the secret itself.</summary>
    public string? ClientSecretName { get; set; }

    /// <summary>The NAME of the secret that holds the seller's LWA refresh token, never the token itself.</summary>
    public string? RefreshTokenName { get; set; }

    /// <summary>The marketplaces whose orders are read (e.g. <c>ATVPDKIKX0DER</c> for amazon.com); at least one.</summary>
    public string[] MarketplaceIds { get; set; } = [];

    /// <summary>How many times one call is sent before it fails (429, 5xx, timeouts and connection failures are retried).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The order pull (section <c>Amazon:Orders</c>).</summary>
    public AmazonOrdersOptions Orders { get; set; } = new();

    /// <summary>The settlement pull (section <c>Amazon:Settlements</c>).</summary>
    public AmazonSettlementsOptions Settlements { get; set; } = new();

    /// <summary>The FBA customer returns pull (section <c>Amazon:Returns</c>).</summary>
    public AmazonReturnsOptions Returns { get; set; } = new();

    /// <summary>
    /// Whether any Amazon setting is present. An app without them does not sell on Amazon: its Amazon timers do
    /// nothing and start-up checks nothing; once one is set, every required one is checked.
    /// </summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Region) || !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ClientId)
        || !string.IsNullOrWhiteSpace(ClientSecretName) || !string.IsNullOrWhiteSpace(RefreshTokenName) || MarketplaceIds.Length > 0;
}
