using System.Text;

using P21.Connector.Events;

namespace P21.Connector.Tests.Events;

public class NdjsonChangeSinkTests
{
    [Fact]
    public async Task PublishAsync_Events_OneCloudEventPerLine()
    {
        using var stream = new MemoryStream();
        var sink = new NdjsonChangeSink(stream);
        var events = new[] { "A", "B", "C" }.Select(k =>
            ChangeEventFactory.Create("main", "items", "item", k, "v" + k, false, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("{\"k\":\"" + k + "\"}"))).ToList();

        await sink.PublishAsync(events[..2]);
        await sink.PublishAsync(events[2..]);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.Equal(events.Select(e => e.Id), lines[..3].Select(l => CloudEventJson.Deserialize(l).Id));
    }
}
