namespace P21.Connector.Amazon;

/// <summary>
/// Settings of the FBA customer returns pull (section <c>Amazon:Returns</c>). Its timer reads
/// <c>Amazon:Returns:Schedule</c> directly (the Functions host resolves it), so the schedule is not bound here.
/// </summary>
public sealed class AmazonReturnsOptions
{
    /// <summary>The longest <see cref="Lookback"/> and report range taken: chosen, not published, to keep one report small.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(60);

    /// <summary>How far back the first pull reaches, when no watermark exists yet (the report's <c>dataStartTime</c>).</summary>
    /// <value>Default 14 days.</value>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(14);
}
