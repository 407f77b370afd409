using System.Diagnostics.Metrics;

namespace P21.Connector.Poll;

/// <summary>The poller's OpenTelemetry instruments, on meter <see cref="MeterName"/>.</summary>
public sealed class PollMetrics
{
    /// <summary>The connector's meter name (add it to the OpenTelemetry metrics pipeline).</summary>
    public const string MeterName = "P21.Connector";

    private readonly Counter<long> _recordsPolled;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _unchangedSkipped;
    private readonly Counter<long> _quietRuns;

    /// <summary>Creates the instruments from <paramref name="meterFactory"/>.</summary>
    public PollMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _recordsPolled = meter.CreateCounter<long>("p21.poll.records", "{record}", "Records read from P21 by the poller.");
        _eventsPublished = meter.CreateCounter<long>("p21.poll.events_published", "{event}", "Change events acknowledged by a sink.");
        _unchangedSkipped = meter.CreateCounter<long>("p21.poll.unchanged_skipped", "{record}", "Records dropped because their fingerprint was unchanged.");
        _quietRuns = meter.CreateCounter<long>("p21.poll.quiet_runs", "{run}", "Incremental runs whose change probe saw no change, so no stream was read.");
    }

    internal void RecordsPolled(long count, string connection, string entity) => Add(_recordsPolled, count, connection, entity);

    internal void EventsPublished(long count, string connection, string entity) => Add(_eventsPublished, count, connection, entity);

    internal void UnchangedSkipped(long count, string connection, string entity) => Add(_unchangedSkipped, count, connection, entity);

    internal void QuietRun(string connection, string entity) => Add(_quietRuns, 1, connection, entity);

    private static void Add(Counter<long> counter, long count, string connection, string entity)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>("p21.connection", connection), new KeyValuePair<string, object?>("p21.entity", entity));
        }
    }
}
