using Microsoft.Extensions.Logging;

using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Poll;

/// <summary>
/// The state one run shares between its modes (<see cref="IncrementalRead"/>, <see cref="BackfillWalk"/>,
/// <see cref="KeyScan"/>): counters, the look-up client, and the two steps every mode ends a page with, publish (skip
/// what the fingerprints say is unchanged) and commit (watermark after the sink acknowledged). Not shared between runs.
/// </summary>
internal sealed partial class PollRun(PollRunScope scope)
{
    // Pages mapped (look-ups included) side by side ahead of the one being published: two hide a page's look-up
    // round trip and mapping behind the next page's read; more only hold more pages in memory.
    public const int MapAhead = 2;

    // Dry runs commit no fingerprints, so a record seen twice in one run (overlap, trigger and primary) is caught here.
    private readonly Dictionary<string, string>? _dryRunVersions = scope.Request.DryRun ? new(StringComparer.Ordinal) : null;
    private bool _committed;
    private int _otherRequests;

    public PollRunScope Scope => scope;

    public RowLookup Lookup { get; } = new(scope.Client);

    public long RowsRead { get; private set; }

    public long EventsPublished { get; private set; }

    public long UnchangedSkipped { get; private set; }

    public long HardDeletes { get; private set; }

    public int Pages { get; private set; }

    /// <summary>The change probe saw no change, so no stream was read.</summary>
    public bool Quiet { get; set; }

    /// <summary>OData requests made: pages, look-ups and the rest (backfill marks, key-scan pages).</summary>
    public int Requests => Pages + Lookup.Requests + _otherRequests;

    /// <summary>Counts <paramref name="requests"/> that are neither change pages nor look-ups.</summary>
    public void CountRequest(int requests = 1) => _otherRequests += requests;

    /// <summary>Stamps the position (and LastRunUtc) when no mode committed, so the schedule sees this run.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (!scope.Request.DryRun && !_committed)
        {
            await CommitPositionAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes a page's records, dropping those whose fingerprint is unchanged unless <paramref name="publishUnchanged"/>.</summary>
    public async Task PublishAsync(P21Page page, IReadOnlyList<EntityRecord> mapped, bool publishUnchanged, CancellationToken cancellationToken) =>
        await CompleteAsync(await PrepareAsync(page, mapped, publishUnchanged, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The first half of <see cref="PublishAsync"/>: the page's events, their fingerprints compared with the stored ones.
    /// Touches no counter, so pages of disjoint keys (the ranges of a split backfill) may prepare at once; a dry run's
    /// in-memory versions are shared, so there it must not run beside <see cref="CompleteAsync"/>.
    /// </summary>
    public async Task<PreparedPage> PrepareAsync(P21Page page, IReadOnlyList<EntityRecord> mapped, bool publishUnchanged, CancellationToken cancellationToken)
    {
        PollRequest request = scope.Request;
        PollEntity entity = scope.Entity;

        // One event per key per page: the last mapping wins (a parent re-read twice in a page is the same state).
        var records = mapped.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var events = new List<ChangeEvent>(records.Count);
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (records.Count == 0)
        {
            return new PreparedPage(page.Rows.Count, 0, events, changed);
        }

        // When everything is republished anyway (backfill), the stored version only matters for deletes.
        var stored = await scope.Fingerprints.GetManyAsync(request.Connection, entity.Name,
            [.. records.Where(r => !publishUnchanged || r.Deleted).Select(r => r.Key)], cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            var version = ChangeEventFactory.Fingerprint(record.CanonicalJson.Span, record.Deleted);
            var previous = _dryRunVersions is not null && _dryRunVersions.TryGetValue(record.Key, out var seen) ? seen : stored.GetValueOrDefault(record.Key);
            var unchanged = previous == version && !publishUnchanged;

            // A delete of a record no consumer was ever told about carries no news (seed data piles up deleted rows).
            var unknownDelete = record.Deleted && previous is null;
            if (unchanged || unknownDelete)
            {
                continue;
            }

            var time = record.ModifiedUtc ?? scope.Time.GetUtcNow();
            events.Add(ChangeEventFactory.Create(request.Connection, entity.Name, entity.EventName, record.Key, version, record.Deleted, time, record.CanonicalJson));
            changed[record.Key] = version;
        }

        return new PreparedPage(page.Rows.Count, records.Count, events, changed);
    }

    /// <summary>The second half of <see cref="PublishAsync"/>: counts, publishes, and stores the fingerprints after the sink acknowledged.</summary>
    public async Task CompleteAsync(PreparedPage prepared, CancellationToken cancellationToken)
    {
        PollRequest request = scope.Request;
        PollEntity entity = scope.Entity;
        Pages++;
        RowsRead += prepared.Rows;
        scope.Metrics.RecordsPolled(prepared.Rows, request.Connection, entity.Name);
        if (prepared.Records == 0)
        {
            return;
        }

        UnchangedSkipped += prepared.Records - prepared.Events.Count;
        scope.Metrics.UnchangedSkipped(prepared.Records - prepared.Events.Count, request.Connection, entity.Name);
        if (prepared.Events.Count == 0)
        {
            return;
        }

        await scope.Sink.PublishAsync(prepared.Events, cancellationToken).ConfigureAwait(false);
        EventsPublished += prepared.Events.Count;
        scope.Metrics.EventsPublished(prepared.Events.Count, request.Connection, entity.Name);
        if (_dryRunVersions is not null)
        {
            foreach (var (key, version) in prepared.Changed)
            {
                _dryRunVersions[key] = version;
            }

            return;
        }

        // Fingerprints only after the sink acknowledged: a crash before this line re-publishes the same ids.
        await scope.Fingerprints.UpsertManyAsync(request.Connection, entity.Name, [.. prepared.Changed.Select(c => new Fingerprint(c.Key, c.Value))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes hard-delete events already built, then forgets their fingerprints (after the sink acknowledged).</summary>
    public async Task PublishHardDeletesAsync(IReadOnlyList<ChangeEvent> events, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        PollRequest request = scope.Request;
        await scope.Sink.PublishAsync(events, cancellationToken).ConfigureAwait(false);
        EventsPublished += events.Count;
        HardDeletes += events.Count;
        scope.Metrics.EventsPublished(events.Count, request.Connection, scope.Entity.Name);
        if (!request.DryRun)
        {
            // Only after the sink acknowledged: a crash before this line re-publishes the same ids next scan.
            await scope.Fingerprints.DeleteManyAsync(request.Connection, scope.Entity.Name, keys, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Commits the position after a page of <paramref name="table"/> ending at <paramref name="last"/>.</summary>
    public async Task CommitPageAsync(string table, KeysetPosition last, int rows, CancellationToken cancellationToken)
    {
        await CommitPositionAsync(rows, cancellationToken).ConfigureAwait(false);
        LogPageCommitted(scope.Logger, scope.Request.Connection, scope.Entity.Name, table, last.ModifiedUtc);
    }

    /// <summary>Commits the position as it stands (a finished backfill or key scan).</summary>
    public async Task CommitPositionAsync(int rows, CancellationToken cancellationToken)
    {
        await scope.Lease.CommitAsync(scope.Position.ToJson(), rows, cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    /// <summary>Reads <paramref name="query"/>'s pages and maps each, <see cref="MapAhead"/> pages ahead of the caller.</summary>
    /// <param name="query">The pages to read.</param>
    /// <param name="map">Maps a page (look-ups included).</param>
    /// <param name="cancellationToken">Cancels the reads and maps.</param>
    /// <param name="ahead">Pages mapped ahead; the ranges of a split backfill each take 1, so N ranges hold about 4N pages, not 6N.</param>
    public IAsyncEnumerable<(P21Page Page, IReadOnlyList<EntityRecord> Records)> MappedPagesAsync(
        ChangeQuery query, Func<P21Page, CancellationToken, Task<IReadOnlyList<EntityRecord>>> map, CancellationToken cancellationToken, int ahead = MapAhead) =>
        scope.Client.ReadChangedPagesAsync(query, cancellationToken)
            .MapAheadAsync(async (page, token) => (page, await map(page, token).ConfigureAwait(false)), ahead, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {Connection}/{Entity} committed a page of {Table} at {ModifiedUtc:o}")]
    private static partial void LogPageCommitted(ILogger logger, string connection, string entity, string table, DateTimeOffset modifiedUtc);
}

/// <summary>A page ready to publish (<see cref="PollRun.PrepareAsync"/>): its row and record counts, its events and their new fingerprints.</summary>
internal sealed record PreparedPage(int Rows, int Records, IReadOnlyList<ChangeEvent> Events, IReadOnlyDictionary<string, string> Changed);
