using System.Diagnostics.Metrics;

namespace P21.Connector.Write;

/// <summary>The writer's OpenTelemetry instruments, on the connector's meter (<c>P21.Connector</c>).</summary>
public sealed class WriteMetrics
{
    /// <summary>Counter of handled deliveries, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string OutcomesName = "p21.write.outcomes";

    /// <summary>Tag: <c>committed</c>, <c>duplicate</c> or <c>parked</c>.</summary>
    public const string OutcomeTag = "p21.write.outcome";

    private readonly Counter<long> _outcomes;

    /// <summary>Creates the instruments from <paramref name="meterFactory"/> (one meter per service provider).</summary>
    public WriteMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _outcomes = meterFactory.Create("P21.Connector").CreateCounter<long>(
            OutcomesName, unit: "{command}", description: "Write commands handled, by outcome (transient failures throw and are not counted).");
    }

    internal void Record(WriteOutcome outcome)
    {
        string name = outcome switch
        {
            WriteOutcome.Committed => "committed",
            WriteOutcome.Duplicate => "duplicate",
            _ => "parked",
        };
        _outcomes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, name));
    }
}
