using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Poll;

/// <summary>Settings of the poller shared by every connection (per-entity settings live in <c>EntityPollOptions</c>).</summary>
public sealed class PollOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21:Polling";

    /// <summary>How long a run's lease lasts; every committed page renews it.</summary>
    /// <value>Default 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Page size (<c>$top</c>) of keyset reads; null uses the connection's <c>PageSize</c>.</summary>
    [Range(1, 25_000)]
    public int? PageSize { get; set; }
}
