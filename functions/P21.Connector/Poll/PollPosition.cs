using System.Text.Json;
using System.Text.Json.Serialization;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll;

/// <summary>
/// What the poller stores in <c>Watermark.Position</c>: one keyset position per polled table (the primary table and each
/// trigger table), plus the progress of an unfinished backfill. JSON, versioned by <see cref="Version"/>.
/// </summary>
internal sealed class PollPosition
{
    /// <summary>Format version; a reader that meets a newer one refuses rather than misreads.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Incremental positions by table name.</summary>
    public Dictionary<string, StreamPosition> Streams { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An unfinished backfill, or null.</summary>
    public BackfillProgress? Backfill { get; set; }

    /// <summary>When the last key scan (hard deletes) finished, or null when none has.</summary>
    public DateTimeOffset? KeyScanUtc { get; set; }

    /// <summary>
    /// Per polled table, when (UTC, the connector's clock) the last incremental run that read every stream to the end
    /// began: every row committed by then has been read. The change probe asks for changes since the oldest of these
    /// less the overlap (<see cref="ChangeProbeCheck"/>). Null or missing a table: no probe until a full read.
    /// </summary>
    public Dictionary<string, DateTimeOffset>? ReadUtc { get; set; }

    public static PollPosition Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new PollPosition();
        }

        var position = JsonSerializer.Deserialize(json, PollPositionJsonContext.Default.PollPosition)
            ?? throw new FormatException("The stored watermark position is empty JSON.");
        if (position.Version != 1)
        {
            throw new FormatException($"The stored watermark position has format version {position.Version}; this build reads version 1.");
        }

        position.Streams = new Dictionary<string, StreamPosition>(position.Streams, StringComparer.OrdinalIgnoreCase);
        if (position.ReadUtc is not null)
        {
            position.ReadUtc = new Dictionary<string, DateTimeOffset>(position.ReadUtc, StringComparer.OrdinalIgnoreCase);
        }

        return position;
    }

    public string ToJson() => JsonSerializer.Serialize(this, PollPositionJsonContext.Default.PollPosition);

    /// <summary>Records that every stream in <paramref name="tables"/> was read to the end by a run begun at <paramref name="startedUtc"/>.</summary>
    public void MarkRead(IEnumerable<string> tables, DateTimeOffset startedUtc)
    {
        ReadUtc ??= new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            ReadUtc[table] = startedUtc.ToUniversalTime();
        }
    }

    /// <summary>Moves a stream forward; never back (an overlap re-read returns pages older than the stored position).</summary>
    public void Advance(string table, KeysetPosition last)
    {
        if (!Streams.TryGetValue(table, out var current) || last.ModifiedUtc >= current.ModifiedUtc)
        {
            Streams[table] = StreamPosition.From(last);
        }
    }
}

/// <summary>
/// Progress of a backfill: its start, the last primary key it committed (it walks the primary table in key order), and
/// the newest row of each polled table when it began, where the incremental streams continue once it has finished.
/// </summary>
internal sealed class BackfillProgress
{
    public DateTimeOffset? From { get; set; }

    public StreamPosition? At { get; set; }

    /// <summary>
    /// Newest row per table (primary and triggers) when the backfill began. Null in progress written before backfills
    /// walked in key order: such a backfill starts again.
    /// </summary>
    public Dictionary<string, StreamPosition>? Marks { get; set; }

    /// <summary>
    /// The key ranges of a backfill split at its start (<see cref="PollOptions.BackfillRanges"/>), each with its own
    /// progress; null for a backfill walking one range (its progress is <see cref="At"/>).
    /// </summary>
    public List<BackfillRange>? Ranges { get; set; }
}

/// <summary>One key range of a split backfill: after <see cref="After"/> (exclusive; null from the start) through <see cref="Through"/> (inclusive; null to the end).</summary>
internal sealed class BackfillRange
{
    public StreamPosition? After { get; set; }

    public StreamPosition? Through { get; set; }

    /// <summary>The last key committed in this range, or null before its first page.</summary>
    public StreamPosition? At { get; set; }

    public bool Done { get; set; }
}

/// <summary>A stored keyset position: UTC modification time and the key values (OData literals) of the last row read.</summary>
internal sealed record StreamPosition(DateTimeOffset ModifiedUtc, IReadOnlyList<string> Key)
{
    public static StreamPosition From(KeysetPosition position) => new(position.ModifiedUtc.ToUniversalTime(), [.. position.Key]);

    public KeysetPosition ToKeyset(TimeSpan shift) => new(ModifiedUtc - shift, [.. Key]);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PollPosition))]
[JsonSerializable(typeof(HardDelete))]
internal sealed partial class PollPositionJsonContext : JsonSerializerContext;
