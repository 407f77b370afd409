using System.Globalization;

using Cronos;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Connections;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Poll;

/// <summary>
/// Runs flow 1 (P21 → outside) for one (connection, entity): lease → keyset pages from watermark − overlap → map →
/// drop unchanged fingerprints → publish → only then commit watermark and fingerprints, page by page → release.
/// A crash resumes at the last committed page; memory holds one page at a time.
/// </summary>
public sealed partial class PollRunner
{
    private readonly IP21ClientProvider _clients;
    private readonly IWatermarkStore _watermarks;
    private readonly IFingerprintStore _fingerprints;
    private readonly PollEntityCatalogue _catalogue;
    private readonly IOptionsMonitor<ConnectorOptions> _connectorOptions;
    private readonly IOptionsMonitor<PollOptions> _options;
    private readonly PollMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PollRunner> _logger;
    private readonly string _owner = LeaseOwner.ForThisProcess();

    // Per process (the runner is a singleton): a connection that lacks an es view is asked once, not every poll.
    private readonly ChangeProbeViews _probeViews = new();

    /// <summary>Creates a runner.</summary>
    public PollRunner(IP21ClientProvider clients, IWatermarkStore watermarks, IFingerprintStore fingerprints, PollEntityCatalogue catalogue,
        IOptionsMonitor<ConnectorOptions> connectorOptions, IOptionsMonitor<PollOptions> options, PollMetrics metrics, TimeProvider time,
        ILogger<PollRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(watermarks);
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(connectorOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _clients = clients;
        _watermarks = watermarks;
        _fingerprints = fingerprints;
        _catalogue = catalogue;
        _connectorOptions = connectorOptions;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one poll.</summary>
    /// <param name="request">Connection, entity, mode, backfill start and dry-run flag.</param>
    /// <param name="sink">Where events go; the watermark moves only after it returns.</param>
    /// <param name="cancellationToken">Stops the run between (or inside) pages; committed pages stay committed.</param>
    /// <exception cref="KeyNotFoundException">Unknown entity or connection (the message lists the known ones).</exception>
    /// <exception cref="P21RequestFailedException">P21 failed after the client's retries; nothing past the last committed page moved.</exception>
    public async Task<PollResult> RunAsync(PollRequest request, IChangeSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var started = _time.GetTimestamp();
        var entity = _catalogue.Get(request.Entity);
        var connection = ConnectionOptions(request.Connection);
        var entityOptions = connection.Entities.GetValueOrDefault(entity.Name) ?? new EntityPollOptions();
        if (request.Mode == PollMode.Incremental && !entityOptions.Enabled && !request.IgnoreSchedule)
        {
            return PollResult.Skipped(request, PollOutcome.SkippedDisabled, "skipped: the entity is disabled for this connection", _time.GetElapsedTime(started));
        }

        // A take-over breaks the lease of the holder seen now, and only that one: a second operator's take-over then fails.
        string? takeOverFrom = request.TakeOver ? (await _watermarks.GetHolderAsync(request.Connection, entity.Name, cancellationToken).ConfigureAwait(false))?.Owner : null;
        var acquired = await _watermarks.TryAcquireLeaseAsync(request.Connection, entity.Name, _owner, _options.CurrentValue.LeaseDuration, takeOverFrom, cancellationToken).ConfigureAwait(false);
        if (acquired is null)
        {
            LogLeaseHeld(request.Connection, entity.Name);
            return PollResult.Skipped(request, PollOutcome.SkippedLeaseHeld, await LeaseHeldMessageAsync(request.Connection, entity.Name, cancellationToken).ConfigureAwait(false), _time.GetElapsedTime(started));
        }

        var lease = new LeaseHeartbeat(_watermarks, acquired, _time);
        try
        {
            await sink.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (request.Mode == PollMode.Incremental && !request.IgnoreSchedule && !IsDue(entityOptions.Schedule, acquired.Watermark.LastRunUtc))
            {
                return PollResult.Skipped(request, PollOutcome.SkippedNotDue, "skipped: not due by the entity's schedule", _time.GetElapsedTime(started));
            }

            PollOptions options = _options.CurrentValue;
            var run = new PollRun(new PollRunScope(request, entity, _clients.Get(request.Connection), sink, lease,
                PollPosition.Parse(acquired.Watermark.Position), entityOptions.Overlap, options.PageSize ?? connection.PageSize,
                options, _fingerprints, _metrics, _time, _logger));
            if (request.Mode == PollMode.Backfill)
            {
                await new BackfillWalk(run).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (request.Mode == PollMode.KeyScan)
            {
                await new KeyScan(run).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var probe = new ChangeProbeCheck(run, _probeViews, options.ChangeProbe && connection.ChangeProbe);
                await new IncrementalRead(run, probe).ExecuteAsync(cancellationToken).ConfigureAwait(false);

                // After the incremental read, so soft deletes and changes are already published and fingerprinted.
                if (KeyScan.IsDue(run.Scope))
                {
                    await new KeyScan(run).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await run.FinishAsync(cancellationToken).ConfigureAwait(false);
            var result = new PollResult(request.Connection, entity.Name, PollOutcome.Completed, null, run.RowsRead, run.EventsPublished,
                run.UnchangedSkipped, run.Pages, run.Requests, _time.GetElapsedTime(started))
            {
                HardDeletes = run.HardDeletes,
                Quiet = run.Quiet,
            };
            LogCompleted(request.Connection, entity.Name, request.Mode, request.DryRun, result.RowsRead, result.EventsPublished, result.UnchangedSkipped, result.Pages);
            return result;
        }
        finally
        {
            // Always give the lease back, even when cancelled: the next timer run must not wait for it to expire.
            // Each commit and heartbeat renews the lease (new version): stop the heartbeat, then release the latest one.
            await lease.DisposeAsync().ConfigureAwait(false);
            await _watermarks.ReleaseAsync(lease.Lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Names the holder and the expiry: an operator must know whether to wait or to take over.
    private async Task<string> LeaseHeldMessageAsync(string connection, string entity, CancellationToken cancellationToken)
    {
        LeaseHolder? holder = await _watermarks.GetHolderAsync(connection, entity, cancellationToken).ConfigureAwait(false);
        return holder is null
            ? "skipped: another run took the lease a moment ago; run again"
            : string.Create(CultureInfo.InvariantCulture,
                $"skipped: another run holds the lease ({holder.Describe()}) until {holder.ExpiresUtc:yyyy-MM-dd HH:mm:ss}Z; it renews while that run is alive, so wait for it, or take the lease over if that run is gone (p21: --take-over)");
    }

    private P21ConnectionOptions ConnectionOptions(string connection)
    {
        var connections = _connectorOptions.CurrentValue.Connections;
        if (connections.TryGetValue(connection, out var options))
        {
            return options;
        }

        // A provider may know connections the options do not (tests, CLI); fall back to defaults for those.
        if (_clients.ConnectionNames.Contains(connection, StringComparer.OrdinalIgnoreCase))
        {
            return new P21ConnectionOptions { Name = connection };
        }

        throw new KeyNotFoundException($"Unknown connection '{connection}'. Known connections: {string.Join(", ", connections.Keys.Concat(_clients.ConnectionNames).Distinct(StringComparer.OrdinalIgnoreCase))}.");
    }

    private bool IsDue(string? schedule, DateTimeOffset? lastRunUtc)
    {
        if (string.IsNullOrWhiteSpace(schedule) || lastRunUtc is null)
        {
            return true;
        }

        var expression = ParseSchedule(schedule);
        var next = expression.GetNextOccurrence(lastRunUtc.Value.UtcDateTime, TimeZoneInfo.Utc);
        return next is { } due && due <= _time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Parses a 5-field or 6-field (with seconds) cron expression.</summary>
    /// <exception cref="FormatException">The expression is not valid cron; the message quotes it.</exception>
    public static CronExpression ParseSchedule(string schedule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"Schedule '{schedule}' is not a valid 5- or 6-field cron expression: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {Connection}/{Entity} skipped: another run holds the lease")]
    private partial void LogLeaseHeld(string connection, string entity);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Poll of {Connection}/{Entity} ({Mode}, dry run {DryRun}) read {Rows} rows, published {Published} events, skipped {Unchanged} unchanged, in {Pages} pages")]
    private partial void LogCompleted(string connection, string entity, PollMode mode, bool dryRun, long rows, long published, long unchanged, int pages);
}
