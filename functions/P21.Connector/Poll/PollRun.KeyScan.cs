using System.Text.Json;

using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Storage;

namespace P21.Connector.Poll;

public sealed partial class PollRunner
{
    private sealed partial class PollRun
    {
        private const int StoredKeysPerPage = 500;

        public long HardDeletes { get; private set; }

        private bool KeyScanDue() =>
            runner._options.CurrentValue.KeyScanEvery is { } every
            && (position.KeyScanUtc is not { } last || runner._time.GetUtcNow() - last >= every);

        /// <summary>
        /// Finds hard deletes in two passes with bounded memory. Pass 1 reads every primary key (key columns only,
        /// keyset-paged) into a fixed-size <see cref="PresentKeyFilter"/>. Pass 2 pages through the stored fingerprint
        /// keys; a key the filter has certainly not seen is a candidate, re-checked by key in P21 (so neither a collation
        /// order nor a row written meanwhile can fake a delete), and only then published as <c>.deleted</c> and forgotten.
        /// </summary>
        private async Task ScanKeysAsync(CancellationToken cancellationToken)
        {
            var options = runner._options.CurrentValue;
            var source = entity.Primary;
            var present = new PresentKeyFilter((ulong)runner._time.GetUtcNow().UtcTicks);
            // Key order: the server walks its primary key rather than sorting every page by date.
            var query = new ChangeQuery(source.Table, source.KeyColumns, entity.RecordKeyColumns, source.Filter, PageSize: options.KeyScanPageSize) { Order = PageOrder.Key };
            await foreach (var page in client.ReadChangedPagesAsync(query, cancellationToken).ConfigureAwait(false))
            {
                _otherRequests++;
                foreach (var row in page.Rows)
                {
                    if (entity.RecordKeyOf(row) is { } key)
                    {
                        present.Add(key);
                    }
                }
            }

            long candidates = 0;
            string? cursor = null;
            do
            {
                var stored = await runner._fingerprints.ListKeysAsync(request.Connection, entity.Name, cursor, StoredKeysPerPage, cancellationToken).ConfigureAwait(false);
                cursor = stored.Next;
                var unseen = stored.Keys.Where(k => !present.MightContain(k)).ToList();
                if (unseen.Count == 0)
                {
                    continue;
                }

                candidates += unseen.Count;
                var existing = await entity.ExistingKeysAsync(unseen, Lookup, cancellationToken).ConfigureAwait(false);
                var gone = unseen.Where(k => !existing.Contains(k)).ToList();
                if (gone.Count > 0)
                {
                    await PublishHardDeletesAsync(gone, cancellationToken).ConfigureAwait(false);
                }
            }
            while (cursor is not null);

            runner.LogKeyScan(request.Connection, entity.Name, present.Count, candidates, HardDeletes);
            if (!request.DryRun)
            {
                position.KeyScanUtc = runner._time.GetUtcNow();
                await lease.CommitAsync(position.ToJson(), 0, cancellationToken).ConfigureAwait(false);
                _committed = true;
            }
        }

        private async Task PublishHardDeletesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
        {
            // The last published state is gone with the row; the event carries the key and the version it replaces, so its
            // id is deterministic and differs from any earlier delete of a key that was re-created since.
            var lastVersions = await runner._fingerprints.GetManyAsync(request.Connection, entity.Name, keys, cancellationToken).ConfigureAwait(false);
            var now = runner._time.GetUtcNow();
            var events = new List<ChangeEvent>(keys.Count);
            foreach (var key in keys)
            {
                var data = JsonSerializer.SerializeToUtf8Bytes(new HardDelete(key, lastVersions.GetValueOrDefault(key)), PollPositionJsonContext.Default.HardDelete);
                var version = ChangeEventFactory.Fingerprint(data, deleted: true);
                events.Add(ChangeEventFactory.Create(request.Connection, entity.Name, entity.EventName, key, version, deleted: true, now, data));
            }

            await sink.PublishAsync(events, cancellationToken).ConfigureAwait(false);
            EventsPublished += events.Count;
            HardDeletes += events.Count;
            runner._metrics.EventsPublished(events.Count, request.Connection, entity.Name);
            if (!request.DryRun)
            {
                // Only after the sink acknowledged: a crash before this line re-publishes the same ids next scan.
                await runner._fingerprints.DeleteManyAsync(request.Connection, entity.Name, keys, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The data of a hard-delete event: the record key and the version last published for it.</summary>
/// <param name="Key">The record key.</param>
/// <param name="LastVersion">The fingerprint of the last published state, or null.</param>
internal sealed record HardDelete(string Key, string? LastVersion)
{
    /// <summary>Always true: marks the event as a hard delete (no last state is available).</summary>
    public bool HardDeleted => true;
}
