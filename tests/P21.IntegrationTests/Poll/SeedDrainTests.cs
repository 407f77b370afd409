using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;

namespace P21.IntegrationTests.Poll;

public class SeedDrainTests
{
    public static TheoryData<string> Entities() => [.. PollEntityCatalogue.Default.Names];

    [Theory]
    [MemberData(nameof(Entities))]
    public async Task RunAsync_SeededSandbox_PublishesOneEventPerLiveRecordThenNothing(string entity)
    {
        await using var polling = await SandboxPolling.StartAsync();
        var sink = new InMemoryChangeSink();

        var first = await polling.RunAsync(entity, sink);
        var second = await polling.RunAsync(entity, sink);

        Assert.Equal(PollOutcome.Completed, first.Outcome);
        Assert.True(first.EventsPublished > 0, $"{entity}: the seed published nothing");
        Assert.Equal(first.EventsPublished, sink.Events.Count);
        Assert.Equal(sink.Events.Count, sink.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(sink.Events.Count, sink.Events.Select(e => e.Subject).Distinct().Count());
        Assert.All(sink.Events, e => Assert.EndsWith(".changed", e.Type, StringComparison.Ordinal));
        Assert.Equal(0, second.EventsPublished);
        Assert.True(second.UnchangedSkipped > 0 || second.RowsRead == 0);
    }
}
