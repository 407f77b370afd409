using P21.Connector.Client.Models;
using P21.Connector.Poll.Entities;

namespace P21.Connector.Poll;

/// <summary>
/// The incremental mode: the primary table's change stream from its stored position, then each trigger table's, whose
/// changed child rows are read back to their parents and republished. When the entity's change probe says nothing
/// changed since the last full read (<see cref="ChangeProbeCheck"/>), no stream is read.
/// </summary>
internal sealed class IncrementalRead(PollRun run, ChangeProbeCheck probe)
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        if (await probe.IsQuietAsync(cancellationToken).ConfigureAwait(false))
        {
            run.Quiet = true;
            return;
        }

        // Taken before the first request: every row committed before this instant is read by the streams below.
        var started = scope.Time.GetUtcNow();
        PollEntity entity = scope.Entity;
        await ReadStreamAsync(entity.Primary, trigger: null, cancellationToken).ConfigureAwait(false);
        foreach (var trigger in entity.Triggers)
        {
            await ReadStreamAsync(trigger.Source, trigger, cancellationToken).ConfigureAwait(false);
        }

        // Only once every stream was read to the end: a run that fails half-way leaves the earlier full read standing.
        if (!scope.Request.DryRun)
        {
            scope.Position.MarkRead(entity.Streams.Select(s => s.Table), started);
            await run.CommitPositionAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadStreamAsync(PollSource source, PollTrigger? trigger, CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        // Re-read the overlap window before the stored position (inclusive, ge): rows committed late with an older
        // timestamp land there. Without an overlap, resume strictly after the stored row.
        var stored = scope.Position.Streams.GetValueOrDefault(source.Table);
        var query = new ChangeQuery(source.Table, source.KeyColumns, source.Select, source.Filter,
            scope.Overlap > TimeSpan.Zero ? null : stored?.ToKeyset(TimeSpan.Zero), scope.PageSize)
        {
            Since = scope.Overlap > TimeSpan.Zero ? stored?.ModifiedUtc - scope.Overlap : null,
        };
        // Later pages are read and mapped while page n is published; commits stay in page order, each after its sink
        // acknowledged.
        var mapped = run.MappedPagesAsync(query, (page, token) => trigger is null
            ? scope.Entity.MapAsync(page.Rows, run.Lookup, token).AsTask()
            : ParentsOfAsync(trigger, page.Rows, token), cancellationToken);
        await foreach (var (page, records) in mapped.ConfigureAwait(false))
        {
            await run.PublishAsync(page, records, publishUnchanged: false, cancellationToken).ConfigureAwait(false);
            if (page.Last is { } last && !scope.Request.DryRun)
            {
                scope.Position.Advance(source.Table, last);
                await run.CommitPageAsync(source.Table, last, page.Rows.Count, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<EntityRecord>> ParentsOfAsync(PollTrigger trigger, IReadOnlyList<P21Row> childRows, CancellationToken cancellationToken)
    {
        PollEntity entity = run.Scope.Entity;
        var keys = await trigger.ResolveParentKeysAsync(childRows, run.Lookup, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return [];
        }

        var parents = await run.Lookup.ByKeysAsync(entity.Primary.Table, entity.ParentKeyColumn, keys, entity.ParentKeyNumeric,
            entity.Primary.Select, entity.Primary.Filter, cancellationToken).ConfigureAwait(false);
        return await entity.MapAsync(parents, run.Lookup, cancellationToken).ConfigureAwait(false);
    }
}
