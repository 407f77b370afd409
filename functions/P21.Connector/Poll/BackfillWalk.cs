using P21.Connector.Client.Models;
using P21.Connector.Poll.Entities;

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
        BackfillProgress? resumed = position.Backfill is { Marks: not null } existing && existing.From == scope.Request.From ? existing : null;
        var source = scope.Entity.Primary;
        var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter, resumed?.At?.ToKeyset(TimeSpan.Zero), scope.PageSize)
        {
            Since = scope.Request.From,
            Order = PageOrder.Key,
        };

        // Split once, at the start (before the first page): a resumed backfill keeps its ranges whatever the setting says
        // now. The marks and the bounds are independent reads, so they go at once.
        bool split = resumed is not { Ranges: not null } && resumed?.At is null && scope.Options.BackfillRanges > 1;
        Task<Dictionary<string, StreamPosition>> marks = resumed is null ? MarksAsync(cancellationToken) : Task.FromResult(resumed.Marks!);
        Task<(IReadOnlyList<KeysetPosition> Bounds, int Requests)> bounds = split
            ? scope.Client.ReadKeyBoundsAsync(query, scope.Options.BackfillRanges, cancellationToken)
            : Task.FromResult<(IReadOnlyList<KeysetPosition>, int)>(([], 0));
        await Task.WhenAll(marks, bounds).ConfigureAwait(false);
        var progress = resumed ?? new BackfillProgress { From = scope.Request.From, Marks = await marks.ConfigureAwait(false) };
        position.Backfill = progress;
        (IReadOnlyList<KeysetPosition> edgesRead, int boundRequests) = await bounds.ConfigureAwait(false);
        run.CountRequest(boundRequests);
        if (edgesRead.Count > 0)
        {
            StreamPosition?[] edges = [null, .. edgesRead.Select(StreamPosition.From), null];
            progress.Ranges = [.. edges.Zip(edges.Skip(1), (after, through) => new BackfillRange { After = after, Through = through })];
        }

        if (progress.Ranges is { } ranges)
        {
            await WalkRangesAsync(query, ranges, cancellationToken).ConfigureAwait(false);
        }
        else
        {
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

    /// <summary>
    /// Walks every unfinished range at once, each a pipeline of its own (read and map ahead), each page fingerprinted in
    /// its range. Publishing and committing take turns: the run's counters, the sink (a file sink is not safe to share)
    /// and the one watermark document are not shared safely, and the time is in the reads. A failure in one range
    /// cancels the others; what each committed stays committed.
    /// </summary>
    private async Task WalkRangesAsync(ChangeQuery query, List<BackfillRange> ranges, CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        using var turns = new SemaphoreSlim(1, 1);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        async Task WalkAsync(BackfillRange range)
        {
            var rangeQuery = query with { After = (range.At ?? range.After)?.ToKeyset(TimeSpan.Zero), Through = range.Through?.ToKeyset(TimeSpan.Zero) };
            var mapped = run.MappedPagesAsync(rangeQuery, (page, token) => scope.Entity.MapAsync(page.Rows, run.Lookup, token).AsTask(), failed.Token, ahead: 1);
            await foreach (var (page, records) in mapped.ConfigureAwait(false))
            {
                // Fingerprinting a page is CPU work on keys no other range has, so it happens outside the turn (but a dry
                // run's versions are shared).
                PreparedPage? prepared = scope.Request.DryRun ? null : await run.PrepareAsync(page, records, publishUnchanged: true, failed.Token).ConfigureAwait(false);
                await turns.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    await run.CompleteAsync(prepared ?? await run.PrepareAsync(page, records, publishUnchanged: true, failed.Token).ConfigureAwait(false), failed.Token).ConfigureAwait(false);
                    if (page.Last is { } last && !scope.Request.DryRun)
                    {
                        range.At = StreamPosition.From(last);
                        await run.CommitPageAsync(query.Name, last, page.Rows.Count, failed.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    turns.Release();
                }
            }

            range.Done = true;
        }

        async Task GuardedAsync(BackfillRange range)
        {
            try
            {
                await WalkAsync(range).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref first, e, null);
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        try
        {
            await Task.WhenAll(ranges.Where(r => !r.Done).Select(GuardedAsync)).ConfigureAwait(false);
        }
        catch (Exception e) when (first is not null && !ReferenceEquals(e, first))
        {
            // Report the range that failed, not one its failure cancelled.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    // The newest row of the primary table and of each trigger table, read before the walk starts, all at once.
    private async Task<Dictionary<string, StreamPosition>> MarksAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        PollSource[] sources = [.. scope.Entity.Triggers.Select(t => t.Source).Prepend(scope.Entity.Primary)];
        KeysetPosition?[] newest = await Task.WhenAll(sources.Select(source =>
            scope.Client.ReadNewestPositionAsync(new ChangeQuery(source.Table, source.KeyColumns, Filter: source.Filter), cancellationToken))).ConfigureAwait(false);
        run.CountRequest(sources.Length);
        var marks = new Dictionary<string, StreamPosition>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < sources.Length; i++)
        {
            if (newest[i] is { } mark)
            {
                marks[sources[i].Table] = StreamPosition.From(mark);
            }
        }

        return marks;
    }
}
