using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Poll;

/// <summary>Settings of the poller shared by every connection (per-entity settings live in <c>EntityPollOptions</c>).</summary>
public sealed class PollOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21:Polling";

    /// <summary>
    /// How long a run's lease lasts; a heartbeat renews it every third of this while the run is alive (and every
    /// committed page does too), so it lapses this long after its holder died.
    /// </summary>
    /// <value>Default 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Page size (<c>$top</c>) of keyset reads; null uses the connection's <c>PageSize</c>.</summary>
    [Range(1, 25_000)]
    public int? PageSize { get; set; }

    /// <summary>
    /// How often an incremental run also scans every key of the entity's primary table to find hard-deleted rows
    /// (P21 has no change feed for them) and publishes <c>.deleted</c> events for them; null turns the scan off.
    /// The scan reads only the key columns in keyset pages and keeps a fixed 2 MiB filter in memory; see docs/entities.md.
    /// </summary>
    /// <value>Default null (off). A day (<c>1.00:00:00</c>) suits most installations.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan? KeyScanEvery { get; set; }

    /// <summary>
    /// How many key ranges a backfill splits its primary table into and walks at once. Each range keeps its own committed
    /// position, so a crash resumes every range where it stopped; the connection's <c>ReadConcurrency</c> still bounds
    /// the requests in flight, so set it at least this high. Pages of different ranges are published as they come, not
    /// in key order (no consumer may depend on the order of a backfill's events). Memory grows with it: each range
    /// holds up to 4 pages (one read ahead, one mapping, one being published and one in the reader). 1 walks one
    /// range, as before.
    /// </summary>
    /// <value>Default 1.</value>
    [Range(1, 32)]
    public int BackfillRanges { get; set; } = 1;

    /// <summary>
    /// Ask an entity's es view (<c>p21_view_es_*</c>, <c>max_date_last_modified</c>) once before its streams on an
    /// incremental run, and read no stream when nothing changed since the last full read less the overlap: one request
    /// per quiet poll instead of one per stream. Only entities whose view covers every stream have one; a connection
    /// can turn it off too (<c>P21:Connections:{name}:ChangeProbe</c>); where the view is missing the streams are read.
    /// </summary>
    /// <value>Default true.</value>
    public bool ChangeProbe { get; set; } = true;

    /// <summary>
    /// How long the change probe may keep an entity quiet: once the last full read is this old, the next incremental
    /// run reads the streams whatever the probe would say. A safety net that bounds the delay of a change the view
    /// cannot show (a view that drops soft-deleted rows, clock skew beyond the overlap, a commit later than the overlap):
    /// the watermarks do not move on a quiet run, so such a change is published by the next full read. Null: never.
    /// </summary>
    /// <value>Default 1 day.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan? ChangeProbeFullReadEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Page size of the key scan's reads (only key columns, so larger than a record page is fine).</summary>
    /// <value>Default 5000.</value>
    [Range(1, 25_000)]
    public int KeyScanPageSize { get; set; } = 5000;
}
