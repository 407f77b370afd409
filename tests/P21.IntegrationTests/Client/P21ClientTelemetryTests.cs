using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

using P21.Connector.Client;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

public class P21ClientTelemetryTests
{
    [Fact]
    public async Task CountAsync_EmitsSpanLatencyAndErrorMetrics()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 2 });
        var spans = new ConcurrentBag<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == P21Telemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new ConcurrentBag<(string Instrument, string? Connection, object? Status)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == P21Telemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, _, tags, _) => measurements.Add((i.Name, Tag(tags, P21Telemetry.ConnectionTag) as string, Tag(tags, P21Telemetry.StatusTag))));
        meterListener.SetMeasurementEventCallback<long>((i, _, tags, _) => measurements.Add((i.Name, Tag(tags, P21Telemetry.ConnectionTag) as string, Tag(tags, P21Telemetry.StatusTag))));
        meterListener.Start();

        await p21.Client.CountAsync("customer", null);
        await Assert.ThrowsAsync<P21NotFoundException>(() => p21.Client.CountAsync("nope", null));

        Assert.Contains(spans, s => s.OperationName == "P21Client.CountAsync" && s.Status == ActivityStatusCode.Unset && (string?)s.GetTagItem(P21Telemetry.ConnectionTag) == "main");
        Assert.Contains(spans, s => s.OperationName == "P21Client.CountAsync" && s.Status == ActivityStatusCode.Error);
        Assert.Contains(measurements, m => m.Instrument == P21Telemetry.RequestDurationName && m.Connection == "main" && Equals(m.Status, "200"));
        Assert.Contains(measurements, m => m.Instrument == P21Telemetry.ErrorsName && m.Connection == "main" && Equals(m.Status, 404));
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
