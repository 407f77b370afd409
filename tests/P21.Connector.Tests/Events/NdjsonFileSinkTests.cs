using System.Text;
using System.Text.Json;

using P21.Connector.Events;

namespace P21.Connector.Tests.Events;

public sealed class NdjsonFileSinkTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"p21-sink-{Guid.NewGuid():N}.ndjson");

    private static ChangeEvent Event(int i) =>
        new($"id-{i}", "/p21/test", "p21.item.changed", $"items/{i}", new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero), JsonSerializer.SerializeToElement(new { n = i }));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Append_AfterATornLastLine_CutsItAndKeepsEveryCompleteEvent()
    {
        await using (var first = new NdjsonFileSink(_path, append: false))
        {
            await first.PublishAsync([Event(1), Event(2)]);
        }

        const string Torn = "{\"specversion\":\"1.0\",\"id\":\"id-3\",\"sour";
        await File.AppendAllTextAsync(_path, Torn, Encoding.UTF8); // killed mid-page

        await using (var resumed = new NdjsonFileSink(_path, append: true))
        {
            await resumed.OpenAsync();
            Assert.Equal(Torn.Length, resumed.TornBytesCut);
            await resumed.PublishAsync([Event(3)]);
        }

        string[] lines = await File.ReadAllLinesAsync(_path);
        Assert.Equal(["id-1", "id-2", "id-3"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Append_OneLineWithoutNewline_CutToEmpty_CompleteFileUntouched()
    {
        await File.WriteAllTextAsync(_path, "{\"partial\":");
        await using (var sink = new NdjsonFileSink(_path, append: true))
        {
            await sink.OpenAsync();
            Assert.Equal(11, sink.TornBytesCut);
        }

        Assert.Equal(0, new FileInfo(_path).Length);
        await File.WriteAllTextAsync(_path, "{}\n");
        await using (var sink = new NdjsonFileSink(_path, append: true))
        {
            await sink.OpenAsync();
            Assert.Equal(0, sink.TornBytesCut);
        }

        Assert.Equal("{}\n", await File.ReadAllTextAsync(_path));
    }

    [Fact]
    public async Task NotOpened_FileIsNeverTouched_Overwrite_EmptiesItOnOpen()
    {
        await File.WriteAllTextAsync(_path, "{\"old\":1}\n");
        await using (new NdjsonFileSink(_path, append: false))
        {
            // A run skipped for a held lease never calls OpenAsync.
        }

        Assert.Equal("{\"old\":1}\n", await File.ReadAllTextAsync(_path));
        await using (var sink = new NdjsonFileSink(_path, append: false))
        {
            await sink.OpenAsync();
        }

        Assert.Equal(0, new FileInfo(_path).Length);
    }

    [Fact]
    public async Task Publish_PageIsInTheFileWhenPublishReturns_BeforeTheSinkIsClosed()
    {
        await using var sink = new NdjsonFileSink(_path, append: false);
        await sink.PublishAsync([Event(1), Event(2)]);

        // Returning is the acknowledgement the watermark commits on: a reader (or a crash) must see the page now.
        string[] lines = await File.ReadAllLinesAsync(_path);

        Assert.Equal(2, lines.Length);
    }
}
