using System.Diagnostics.Metrics;

namespace P21.Connector.Write;

/// <summary>The writer's OpenTelemetry instruments, on the connector's meter (<c>P21.Connector</c>).</summary>
public static class WriteMetrics
{
    /// <summary>Counter of handled deliveries, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string OutcomesName = "p21.write.outcomes";

    /// <summary>Tag: <c>committed</c>, <c>duplicate</c> or <c>parked</c>.</summary>
    public const string OutcomeTag = "p21.write.outcome";

    // A static meter, like the client's: the writer has several constructors and no meter factory to thread through.
    private static readonly Meter Meter = new("P21.Connector");

    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>(
        OutcomesName, unit: "{command}", description: "Write commands handled, by outcome (transient failures throw and are not counted).");

    internal static void Record(WriteOutcome outcome)
    {
        string name = outcome switch
        {
            WriteOutcome.Committed => "committed",
            WriteOutcome.Duplicate => "duplicate",
            _ => "parked",
        };
        Outcomes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, name));
    }
}
