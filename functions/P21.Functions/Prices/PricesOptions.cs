using System.ComponentModel.DataAnnotations;

namespace P21.Functions.Prices;

/// <summary>Settings of the customer-price endpoints, section <c>Prices</c>.</summary>
public sealed class PricesOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Prices";

    /// <summary>
    /// The P21 connection asked when a request names none (<c>?connection=</c>); empty means the only configured
    /// connection (a deployment with several must set it).
    /// </summary>
    public string? DefaultConnection { get; set; }

    /// <summary>Largest accepted batch body.</summary>
    /// <value>Default 256 KiB.</value>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBatchBodyBytes { get; set; } = 256 * 1024;
}
