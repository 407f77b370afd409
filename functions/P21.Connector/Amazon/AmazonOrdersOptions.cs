namespace P21.Connector.Amazon;

/// <summary>
/// Settings of the order pull (section <c>Amazon:Orders</c>). Its timer reads <c>Amazon:Orders:Schedule</c> directly
/// (the Functions host resolves it), so the schedule is not bound here.
/// </summary>
public sealed class AmazonOrdersOptions
{
    /// <summary>How far back the first pull reaches, when no watermark exists yet.</summary>
    /// <value>Default 1 day.</value>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How far before the watermark each pull starts again: Amazon's order index is eventually consistent, so an
    /// update can become visible with a <c>LastUpdateDate</c> a little before a later one already read. Orders seen at
    /// the same <c>LastUpdateDate</c> before are skipped without a call, so the overlap costs no getOrderItems calls.
    /// </summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Read buyer and shipping address through a restricted data token (the seller's app needs Amazon's PII roles).
    /// Without it the order arrives without buyer e-mail and street lines, and the writer takes the house customer
    /// <c>Writer:HouseCustomerIds:amazon</c>.
    /// </summary>
    /// <value>Default false.</value>
    public bool RestrictedData { get; set; }

    /// <summary>
    /// How long one pull may run before it commits what it did and leaves the rest to the next one (below the
    /// Functions timeout, <c>functionTimeout</c> in host.json, 30 minutes). getOrderItems allows one call per two
    /// seconds, so a backlog of thousands of orders takes several pulls.
    /// </summary>
    /// <value>Default 20 minutes.</value>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromMinutes(20);
}
