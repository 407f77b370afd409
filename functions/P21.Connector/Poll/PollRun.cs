using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Poll;

public sealed partial class PollRunner
{
    /// <summary>The state of one run: its lease, position and counters. Not shared between runs.</summary>
    private sealed partial class PollRun(PollRunner runner, PollRequest request, PollEntity entity, P21Client client, IChangeSink sink,
        LeaseHeartbeat lease, PollPosition position, TimeSpan overlap, int pageSize)
    {
        // Pages mapped (look-ups included) side by side ahead of the one being published: two hide a page's look-up
        // round trip and mapping behind the next page's read; more only hold more pages in memory.
        private const int MapAhead = 2;

        // Dry runs commit no fingerprints, so a record seen twice in one run (overlap, trigger and primary) is caught here.
        private readonly Dictionary<string, string>? _dryRunVersions = request.DryRun ? new(StringComparer.Ordinal) : null;
        private bool _committed;
        private int _otherRequests;

        public RowLookup Lookup { get; } = new(client);

        /// <summary>The lease as renewed by the latest commit or heartbeat.</summary>
        public WatermarkLease Lease => lease.Lease;

        public long RowsRead { get; private set; }

        public long EventsPublished { get; private set; }

        public long UnchangedSkipped { get; private set; }

        public int Pages { get; private set; }

        /// <summary>OData requests made: pages, look-ups and the rest (backfill marks, key-scan pages).</summary>
        public int Requests => Pages + Lookup.Requests + _otherRequests;

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            if (request.Mode == PollMode.Backfill)
            {
                await BackfillAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (request.Mode == PollMode.KeyScan)
            {
                await ScanKeysAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReadStreamAsync(entity.Primary, trigger: null, cancellationToken).ConfigureAwait(false);
                foreach (var trigger in entity.Triggers)
                {
                    await ReadStreamAsync(trigger.Source, trigger, cancellationToken).ConfigureAwait(false);
                }

                // After the incremental read, so soft deletes and changes are already published and fingerprinted.
                if (KeyScanDue())
                {
                    await ScanKeysAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (!request.DryRun && !_committed)
            {
                // Nothing changed: still stamp LastRunUtc so the schedule sees this run.
                await lease.CommitAsync(position.ToJson(), 0, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ReadStreamAsync(PollSource source, PollTrigger? trigger, CancellationToken cancellationToken)
        {
            // Re-read the overlap window before the stored position (inclusive, ge): rows committed late with an older
            // timestamp land there. Without an overlap, resume strictly after the stored row.
            var stored = position.Streams.GetValueOrDefault(source.Table);
            var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter,
                overlap > TimeSpan.Zero ? null : stored?.ToKeyset(TimeSpan.Zero), pageSize)
            {
                Since = overlap > TimeSpan.Zero ? stored?.ModifiedUtc - overlap : null,
            };
            // Later pages are read and mapped while page n is published; commits stay in page order, each after its sink
            // acknowledged.
            var mapped = client.ReadChangedPagesAsync(query, cancellationToken).MapAheadAsync(async (page, token) => (Page: page, Records: trigger is null
                ? await entity.MapAsync(page.Rows, Lookup, token).ConfigureAwait(false)
                : await ParentsOfAsync(trigger, page.Rows, token).ConfigureAwait(false)), MapAhead, cancellationToken);
            await foreach (var (page, records) in mapped.ConfigureAwait(false))
            {
                await PublishAsync(page, records, publishUnchanged: false, cancellationToken).ConfigureAwait(false);
                if (page.Last is { } last && !request.DryRun)
                {
                    position.Advance(source.Table, last);
                    await CommitAsync(source.Table, last, page.Rows.Count, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Walks the primary table in key order (<see cref="PageOrder.Key"/>), from <see cref="PollRequest.From"/> when
        /// set, republishing every record. Key order because the server walks its primary key instead of sorting a date
        /// per page, and because a page's parents then have neighbouring keys, so their child rows are one key-range read
        /// instead of dozens of key batches. The incremental streams are then moved to the newest row each table had when
        /// the backfill began: anything changed since sorts after that mark and is re-read (and, if already published in
        /// its current state, dropped by its fingerprint).
        /// </summary>
        private async Task BackfillAsync(CancellationToken cancellationToken)
        {
            // A backfill with the same start resumes after its last committed key; a different start begins again.
            var progress = position.Backfill is { Marks: not null } existing && existing.From == request.From
                ? existing
                : new BackfillProgress { From = request.From, Marks = await MarksAsync(cancellationToken).ConfigureAwait(false) };
            position.Backfill = progress;
            var source = entity.Primary;
            var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter, progress.At?.ToKeyset(TimeSpan.Zero), pageSize)
            {
                Since = request.From,
                Order = PageOrder.Key,
            };
            var mapped = client.ReadChangedPagesAsync(query, cancellationToken).MapAheadAsync(
                async (page, token) => (Page: page, Records: await entity.MapAsync(page.Rows, Lookup, token).ConfigureAwait(false)), MapAhead, cancellationToken);
            await foreach (var (page, records) in mapped.ConfigureAwait(false))
            {
                await PublishAsync(page, records, publishUnchanged: true, cancellationToken).ConfigureAwait(false);
                if (page.Last is { } last && !request.DryRun)
                {
                    progress.At = StreamPosition.From(last);
                    await CommitAsync(source.Table, last, page.Rows.Count, cancellationToken).ConfigureAwait(false);
                }
            }

            if (request.DryRun)
            {
                return;
            }

            // Finished: each incremental stream continues from its mark unless it is already further on.
            position.Backfill = null;
            foreach (var (table, mark) in progress.Marks ?? [])
            {
                position.Advance(table, mark.ToKeyset(TimeSpan.Zero));
            }

            await lease.CommitAsync(position.ToJson(), 0, cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        // The newest row of the primary table and of each trigger table, read before the walk starts.
        private async Task<Dictionary<string, StreamPosition>> MarksAsync(CancellationToken cancellationToken)
        {
            var marks = new Dictionary<string, StreamPosition>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in entity.Triggers.Select(t => t.Source).Prepend(entity.Primary))
            {
                var newest = await client.ReadNewestPositionAsync(new ChangeQuery(source.Table, source.KeyColumns, Filter: source.Filter), cancellationToken).ConfigureAwait(false);
                _otherRequests++;
                if (newest is not null)
                {
                    marks[source.Table] = StreamPosition.From(newest);
                }
            }

            return marks;
        }

        private async Task<IReadOnlyList<EntityRecord>> ParentsOfAsync(PollTrigger trigger, IReadOnlyList<P21Row> childRows, CancellationToken cancellationToken)
        {
            var keys = await trigger.ResolveParentKeysAsync(childRows, Lookup, cancellationToken).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                return [];
            }

            var parents = await Lookup.ByKeysAsync(entity.Primary.Table, entity.ParentKeyColumn, keys, entity.ParentKeyNumeric,
                entity.Primary.Select, entity.Primary.Filter, cancellationToken).ConfigureAwait(false);
            return await entity.MapAsync(parents, Lookup, cancellationToken).ConfigureAwait(false);
        }

        private async Task PublishAsync(P21Page page, IReadOnlyList<EntityRecord> mapped, bool publishUnchanged, CancellationToken cancellationToken)
        {
            Pages++;
            RowsRead += page.Rows.Count;
            runner._metrics.RecordsPolled(page.Rows.Count, request.Connection, entity.Name);

            // One event per key per page: the last mapping wins (a parent re-read twice in a page is the same state).
            var records = mapped.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            if (records.Count == 0)
            {
                return;
            }

            // When everything is republished anyway (backfill), the stored version only matters for deletes.
            var stored = await runner._fingerprints.GetManyAsync(request.Connection, entity.Name,
                [.. records.Where(r => !publishUnchanged || r.Deleted).Select(r => r.Key)], cancellationToken).ConfigureAwait(false);
            var events = new List<ChangeEvent>(records.Count);
            var changed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                var version = ChangeEventFactory.Fingerprint(record.CanonicalJson.Span, record.Deleted);
                var previous = _dryRunVersions is not null && _dryRunVersions.TryGetValue(record.Key, out var seen) ? seen : stored.GetValueOrDefault(record.Key);
                var unchanged = previous == version && !publishUnchanged;

                // A delete of a record no consumer was ever told about carries no news (seed data piles up deleted rows).
                var unknownDelete = record.Deleted && previous is null;
                if (unchanged || unknownDelete)
                {
                    UnchangedSkipped++;
                    continue;
                }

                var time = record.ModifiedUtc ?? runner._time.GetUtcNow();
                events.Add(ChangeEventFactory.Create(request.Connection, entity.Name, entity.EventName, record.Key, version, record.Deleted, time, record.CanonicalJson));
                changed[record.Key] = version;
            }

            runner._metrics.UnchangedSkipped(records.Count - events.Count, request.Connection, entity.Name);
            if (events.Count == 0)
            {
                return;
            }

            await sink.PublishAsync(events, cancellationToken).ConfigureAwait(false);
            EventsPublished += events.Count;
            runner._metrics.EventsPublished(events.Count, request.Connection, entity.Name);
            if (_dryRunVersions is not null)
            {
                foreach (var (key, version) in changed)
                {
                    _dryRunVersions[key] = version;
                }

                return;
            }

            // Fingerprints only after the sink acknowledged: a crash before this line re-publishes the same ids.
            await runner._fingerprints.UpsertManyAsync(request.Connection, entity.Name, [.. changed.Select(c => new Fingerprint(c.Key, c.Value))], cancellationToken).ConfigureAwait(false);
        }

        private async Task CommitAsync(string table, KeysetPosition last, int rows, CancellationToken cancellationToken)
        {
            await lease.CommitAsync(position.ToJson(), rows, cancellationToken).ConfigureAwait(false);
            _committed = true;
            runner.LogPageCommitted(request.Connection, entity.Name, table, last.ModifiedUtc);
        }
    }
}
