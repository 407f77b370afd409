using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Poll.Availability;

/// <summary>Settings of the live availability lookup.</summary>
public sealed class AvailabilityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21:Availability";

    /// <summary>How long an answer is served from cache; zero turns the cache off.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most item ids one batch call accepts.</summary>
    /// <value>Default 500.</value>
    [Range(1, 10_000)]
    public int MaxItemsPerCall { get; set; } = 500;
}
