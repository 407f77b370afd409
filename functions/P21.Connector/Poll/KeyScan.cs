using System.Text.Json;

using Microsoft.Extensions.Logging;

using P21.Connector.Client.Models;
using P21.Connector.Events;

namespace P21.Connector.Poll;

/// <summary>
/// The key-scan mode: finds hard deletes in two passes with bounded memory. Pass 1 reads every primary key (key columns
/// only, keyset-paged) into a fixed-size <see cref="PresentKeyFilter"/>. Pass 2 pages through the stored fingerprint
/// keys; a key the filter has certainly not seen is a candidate, re-checked by key in P21 (so neither a collation order
/// nor a row written meanwhile can fake a delete), and only then published as <c>.deleted</c> and forgotten.
/// </summary>
internal sealed partial class KeyScan(PollRun run)
{
    private const int StoredKeysPerPage = 500;

    /// <summary>Whether an incremental run should end with a key scan: one is configured and the last is old enough.</summary>
    public static bool IsDue(PollRunScope scope) =>
        scope.Options.KeyScanEvery is { } every
        && (scope.Position.KeyScanUtc is not { } last || scope.Time.GetUtcNow() - last >= every);

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        var entity = scope.Entity;
        var source = entity.Primary;
        var present = new PresentKeyFilter((ulong)scope.Time.GetUtcNow().UtcTicks);
        // Key order: the server walks its primary key rather than sorting every page by date.
        var query = new ChangeQuery(source.Table, source.KeyColumns, entity.RecordKeyColumns, source.Filter, PageSize: scope.Options.KeyScanPageSize) { Order = PageOrder.Key };
        await foreach (var page in scope.Client.ReadChangedPagesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            run.CountRequest();
            foreach (var row in page.Rows)
            {
                if (entity.RecordKeyOf(row) is { } key)
                {
                    present.Add(key);
                }
            }
        }

        long candidates = 0;
        long deletes = 0;
        string? cursor = null;
        do
        {
            var stored = await scope.Fingerprints.ListKeysAsync(scope.Request.Connection, entity.Name, cursor, StoredKeysPerPage, cancellationToken).ConfigureAwait(false);
            cursor = stored.Next;
            var unseen = stored.Keys.Where(k => !present.MightContain(k)).ToList();
            if (unseen.Count == 0)
            {
                continue;
            }

            candidates += unseen.Count;
            var existing = await entity.ExistingKeysAsync(unseen, run.Lookup, cancellationToken).ConfigureAwait(false);
            var gone = unseen.Where(k => !existing.Contains(k)).ToList();
            if (gone.Count > 0)
            {
                await run.PublishHardDeletesAsync(await HardDeletesAsync(gone, cancellationToken).ConfigureAwait(false), gone, cancellationToken).ConfigureAwait(false);
                deletes += gone.Count;
            }
        }
        while (cursor is not null);

        LogKeyScan(scope.Logger, scope.Request.Connection, entity.Name, present.Count, candidates, deletes);
        if (!scope.Request.DryRun)
        {
            scope.Position.KeyScanUtc = scope.Time.GetUtcNow();
            await run.CommitPositionAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<ChangeEvent>> HardDeletesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // The last published state is gone with the row; the event carries the key and the version it replaces, so its
        // id is deterministic and differs from any earlier delete of a key that was re-created since.
        PollRunScope scope = run.Scope;
        var lastVersions = await scope.Fingerprints.GetManyAsync(scope.Request.Connection, scope.Entity.Name, keys, cancellationToken).ConfigureAwait(false);
        var now = scope.Time.GetUtcNow();
        var events = new List<ChangeEvent>(keys.Count);
        foreach (var key in keys)
        {
            var data = JsonSerializer.SerializeToUtf8Bytes(new HardDelete(key, lastVersions.GetValueOrDefault(key)), PollPositionJsonContext.Default.HardDelete);
            var version = ChangeEventFactory.Fingerprint(data, deleted: true);
            events.Add(ChangeEventFactory.Create(scope.Request.Connection, scope.Entity.Name, scope.Entity.EventName, key, version, deleted: true, now, data));
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Key scan of {Connection}/{Entity} read {Keys} keys from P21, checked {Candidates} stored keys it did not see, found {HardDeletes} hard-deleted")]
    private static partial void LogKeyScan(ILogger logger, string connection, string entity, long keys, long candidates, long hardDeletes);
}

/// <summary>The data of a hard-delete event: the record key and the version last published for it.</summary>
/// <param name="Key">The record key.</param>
/// <param name="LastVersion">The fingerprint of the last published state, or null.</param>
internal sealed record HardDelete(string Key, string? LastVersion)
{
    /// <summary>Always true: marks the event as a hard delete (no last state is available).</summary>
    public bool HardDeleted => true;
}
