using System.Diagnostics.Metrics;

using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

// The meter comes from the harness's own IMeterFactory, so other writers running in parallel are not counted.
public class WriteMetricsTests
{
    [Fact]
    public async Task HandleAsync_CommittedDuplicateAndParked_EachCountedOnceByOutcome()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var h = new WriterHarness();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == h.MeterFactory && instrument.Name == WriteMetrics.OutcomesName)
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
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2001", ("WIDGET-1", 1)), "2001");

        await h.SendAsync(command);
        await h.SendAsync(command);
        await h.Writer.HandleAsync("not json at all", "msg-metrics", 1, CancellationToken.None);

        Assert.Equal(1, counts.GetValueOrDefault("committed"));
        Assert.Equal(1, counts.GetValueOrDefault("duplicate"));
        Assert.Equal(1, counts.GetValueOrDefault("parked"));
    }
}
