using System.Diagnostics.Metrics;

using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

// The writer's meter is process-wide; running alone keeps other tests' outcomes out of the counts.
[CollectionDefinition(nameof(WriteMetricsTests), DisableParallelization = true)]
public sealed class WriteMetricsCollection;

[Collection(nameof(WriteMetricsTests))]
public class WriteMetricsTests
{
    [Fact]
    public async Task HandleAsync_CommittedDuplicateAndParked_EachCountedOnceByOutcome()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "P21.Connector" && instrument.Name == WriteMetrics.OutcomesName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == WriteMetrics.OutcomeTag)
                {
                    string outcome = (string)tag.Value!;
                    lock (counts)
                    {
                        counts[outcome] = counts.GetValueOrDefault(outcome) + value;
                    }
                }
            }
        });
        listener.Start();
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2001", ("WIDGET-1", 1)), "2001");

        await h.SendAsync(command);
        await h.SendAsync(command);
        await h.Writer.HandleAsync("not json at all", "msg-metrics", 1, CancellationToken.None);

        Assert.Equal(1, counts.GetValueOrDefault("committed"));
        Assert.Equal(1, counts.GetValueOrDefault("duplicate"));
        Assert.Equal(1, counts.GetValueOrDefault("parked"));
    }
}
