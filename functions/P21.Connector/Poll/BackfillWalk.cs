using P21.Connector.Client.Models;

namespace P21.Connector.Poll;

/// <summary>
/// The backfill mode: walks the primary table in key order (<see cref="PageOrder.Key"/>), from
/// <see cref="PollRequest.From"/> when set, republishing every record. Key order because the server walks its primary
/// key instead of sorting a date per page, and because a page's parents then have neighbouring keys, so their child rows
/// are one key-range read instead of dozens of key batches. The incremental streams are then moved to the newest row
/// each table had when the backfill began: anything changed since sorts after that mark and is re-read (and, if already
/// published in its current state, dropped by its fingerprint).
/// </summary>
internal sealed class BackfillWalk(PollRun run)
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        PollPosition position = scope.Position;
        // A backfill with the same start resumes after its last committed key; a different start begins again.
        var progress = position.Backfill is { Marks: not null } existing && existing.From == scope.Request.From
            ? existing
            : new BackfillProgress { From = scope.Request.From, Marks = await MarksAsync(cancellationToken).ConfigureAwait(false) };
        position.Backfill = progress;
        var source = scope.Entity.Primary;
        var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter, progress.At?.ToKeyset(TimeSpan.Zero), scope.PageSize)
        {
            Since = scope.Request.From,
            Order = PageOrder.Key,
        };
        var mapped = run.MappedPagesAsync(query, (page, token) => scope.Entity.MapAsync(page.Rows, run.Lookup, token).AsTask(), cancellationToken);
        await foreach (var (page, records) in mapped.ConfigureAwait(false))
        {
            await run.PublishAsync(page, records, publishUnchanged: true, cancellationToken).ConfigureAwait(false);
            if (page.Last is { } last && !scope.Request.DryRun)
            {
                progress.At = StreamPosition.From(last);
                await run.CommitPageAsync(source.Table, last, page.Rows.Count, cancellationToken).ConfigureAwait(false);
            }
        }

        if (scope.Request.DryRun)
        {
            return;
        }

        // Finished: each incremental stream continues from its mark unless it is already further on.
        position.Backfill = null;
        foreach (var (table, mark) in progress.Marks ?? [])
        {
            position.Advance(table, mark.ToKeyset(TimeSpan.Zero));
        }

        await run.CommitPositionAsync(0, cancellationToken).ConfigureAwait(false);
    }

    // The newest row of the primary table and of each trigger table, read before the walk starts.
    private async Task<Dictionary<string, StreamPosition>> MarksAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        var marks = new Dictionary<string, StreamPosition>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in scope.Entity.Triggers.Select(t => t.Source).Prepend(scope.Entity.Primary))
        {
            var newest = await scope.Client.ReadNewestPositionAsync(new ChangeQuery(source.Table, source.KeyColumns, Filter: source.Filter), cancellationToken).ConfigureAwait(false);
            run.CountRequest();
            if (newest is not null)
            {
                marks[source.Table] = StreamPosition.From(newest);
            }
        }

        return marks;
    }
}
