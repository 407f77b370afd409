using Microsoft.Extensions.Logging;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll.Entities;

namespace P21.Connector.Poll;

/// <summary>
/// The change probe of an incremental run: one request to the entity's es view for any row whose
/// <c>max_date_last_modified</c> is at or after the last full read less the overlap. None means nothing the streams
/// would find has changed, so the run reads no stream. Any doubt (no full read recorded, unfinished backfill, no
/// overlap, a view that does not cover every stream, a failed probe) reads the streams as without a probe.
/// </summary>
/// <remarks>
/// Why the last full read and not the streams' watermarks: the newest row a stream read sits at its watermark, so
/// <c>ge watermark − overlap</c> always finds it and a poll would never be quiet. Every row committed before a full
/// read began was read by it; a row committed later carries a timestamp no older than its commit less the overlap
/// (the overlap's own premise: late commits land within it), so <c>ge read start − overlap</c> finds it. The two
/// clocks (the connector's and P21's) must agree to well within the overlap.
/// </remarks>
internal sealed partial class ChangeProbeCheck(PollRun run, ChangeProbeViews views, bool enabled)
{
    /// <summary>Asks the probe; true when the run is quiet (nothing to read).</summary>
    public async Task<bool> IsQuietAsync(CancellationToken cancellationToken)
    {
        PollRunScope scope = run.Scope;
        string connection = scope.Request.Connection;
        if (!enabled || scope.Entity.ChangeProbe is not { } probe || views.IsMissing(connection, probe.View)
            || SinceOf(scope.Entity, scope.Position, scope.Overlap, scope.Time.GetUtcNow(), scope.Options.ChangeProbeFullReadEvery) is not { } since)
        {
            return false;
        }

        bool changed;
        try
        {
            run.CountRequest();
            changed = await scope.Client.AnyModifiedSinceAsync(probe.View, ChangeProbe.ModifiedColumn, since, ODataSurface.View, cancellationToken).ConfigureAwait(false);
        }
        catch (P21RequestFailedException ex) when (ex.Status is 400 or 403 or 404)
        {
            // The view (or its column) is not there, or not granted: remember it and poll the streams from now on.
            if (views.MarkMissing(connection, probe.View))
            {
                LogViewMissing(scope.Logger, connection, scope.Entity.Name, probe.View, ex.Status, ex);
            }

            return false;
        }
        catch (P21RequestFailedException ex)
        {
            // Anything else may be passing; the streams decide this run, the probe is asked again next run.
            LogProbeFailed(scope.Logger, connection, scope.Entity.Name, probe.View, ex.Status, ex);
            return false;
        }

        if (!changed)
        {
            scope.Metrics.QuietRun(connection, scope.Entity.Name);
            LogQuiet(scope.Logger, connection, scope.Entity.Name, probe.View, since);
        }

        return !changed;
    }

    /// <summary>
    /// The instant the probe asks from: the oldest full read of the entity's streams less the overlap; null when the
    /// probe must not decide (no probe or one that misses a stream, no overlap, a backfill unfinished, a stream never
    /// read to the end, or a full read older than <paramref name="fullReadEvery"/> at <paramref name="now"/>).
    /// </summary>
    public static DateTimeOffset? SinceOf(PollEntity entity, PollPosition position, TimeSpan overlap, DateTimeOffset now, TimeSpan? fullReadEvery)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(position);
        if (entity.ChangeProbe is not { } probe || !probe.CoversAll(entity) || overlap <= TimeSpan.Zero || position.Backfill is not null
            || position.ReadUtc is not { } read)
        {
            return null;
        }

        DateTimeOffset? oldest = null;
        foreach (var stream in entity.Streams)
        {
            if (!read.TryGetValue(stream.Table, out var at))
            {
                return null;
            }

            oldest = oldest is null || at < oldest ? at : oldest;
        }

        return fullReadEvery is { } every && oldest <= now - every ? null : oldest - overlap;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {Connection}/{Entity} was quiet: {View} shows no change since {Since:o}; no stream read")]
    private static partial void LogQuiet(ILogger logger, string connection, string entity, string view, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Change probe of {Connection}/{Entity}: P21 answered {Status} for view {View}; polling its streams without the probe until the process restarts")]
    private static partial void LogViewMissing(ILogger logger, string connection, string entity, string view, int status, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change probe of {Connection}/{Entity} on {View} failed ({Status}); this run reads its streams")]
    private static partial void LogProbeFailed(ILogger logger, string connection, string entity, string view, int status, Exception exception);
}
