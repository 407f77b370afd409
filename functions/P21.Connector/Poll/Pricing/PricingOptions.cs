using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Poll.Pricing;

/// <summary>Settings of the live customer-price lookup (P21's price engine on demand).</summary>
public sealed class PricingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21:Pricing";

    /// <summary>How long a price (or "unknown item") per (customer, item, quantity) is served from memory; zero turns the cache off.</summary>
    /// <value>Default 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a customer's company (or "unknown customer") is remembered; customers change far less often than prices.</summary>
    /// <value>Default 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CustomerCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Price calls one lookup has in flight at once; the connection's <c>ReadConcurrency</c> still bounds them all.</summary>
    /// <value>Default 4 (the default <c>ReadConcurrency</c>).</value>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Most (customer, item, quantity) prices one call may ask for.</summary>
    /// <value>Default 1000.</value>
    [Range(1, 10_000)]
    public int MaxPricesPerCall { get; set; } = 1000;

    /// <summary>The company whose customers are priced; empty = the company of the customer's row (the first, should several companies share the id).</summary>
    public string? CompanyId { get; set; }

    /// <summary>Sent as <c>salesLocId</c>; empty lets P21 use the customer's default.</summary>
    public string? SalesLocationId { get; set; }

    /// <summary>Sent as <c>sourceLocId</c>; empty lets P21 use its default.</summary>
    public string? SourceLocationId { get; set; }
}
