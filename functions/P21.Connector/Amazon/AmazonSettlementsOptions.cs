namespace P21.Connector.Amazon;

/// <summary>
/// Settings of the settlement pull (section <c>Amazon:Settlements</c>). Its timer reads
/// <c>Amazon:Settlements:Schedule</c> directly (the Functions host resolves it), so the schedule is not bound here.
/// </summary>
public sealed class AmazonSettlementsOptions
{
    /// <summary>The longest <see cref="Lookback"/> Amazon honours: getReports lists reports of the last 90 days only.</summary>
    public static readonly TimeSpan MaxLookback = TimeSpan.FromDays(90);

    /// <summary>
    /// How far back the first pull reaches, when no watermark exists yet (<c>createdSince</c> of getReports). Amazon
    /// settles every 14 days or so, so the default takes the last two settlements; at most 90 days.
    /// </summary>
    /// <value>Default 30 days.</value>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(30);
}
