using System.Text;

using Azure.Storage.Queues;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Storage;

namespace P21.IntegrationTests.Poll;

public class AzuriteTests
{
    private static string StorageConnection => Environment.GetEnvironmentVariable("P21_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    private static string Suffix() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..10];

    [Fact]
    public async Task StorageQueueChangeSink_Events_OneBase64MessageEach()
    {
        var queue = StorageQueueChangeSink.CreateQueueClient(StorageConnection, "poll-events-" + Suffix());
        await queue.CreateAsync();
        try
        {
            var events = new[] { "A", "B" }.Select(k =>
                ChangeEventFactory.Create("main", "items", "item", k, "v" + k, false, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("{\"k\":\"" + k + "\"}"))).ToList();

            await new StorageQueueChangeSink(queue).PublishAsync(events);
            var raw = new QueueClient(StorageConnection, queue.Name); // no decoding: see what a Functions trigger gets
            var messages = (await raw.ReceiveMessagesAsync(10)).Value;

            Assert.Equal(2, messages.Length);
            var decoded = messages.Select(m => CloudEventJson.Deserialize(Convert.FromBase64String(m.Body.ToString()))).ToList();
            Assert.Equal(events.Select(e => e.Id).Order(), decoded.Select(e => e.Id).Order());
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task RunAsync_TwoRunnersAtOnce_OneWorksOtherLeaves()
    {
        await using var polling = await SandboxPolling.StartAsync(settings:
        [
            new("Storage:ConnectionString", StorageConnection),
            new("Storage:TablePrefix", "poll" + Suffix()),
        ]);
        Assert.IsNotType<InMemoryWatermarkStore>(polling.Services.GetRequiredService<IWatermarkStore>());
        var gate = new TaskCompletionSource();
        var slowSink = new GatedSink(gate.Task);

        // A second runner object (its own lease owner), as a second Functions instance would have.
        var other = ActivatorUtilities.CreateInstance<PollRunner>(polling.Services);
        var first = polling.Runner.RunAsync(new PollRequest(SandboxPolling.Connection, "vendors"), slowSink);
        await slowSink.Entered;
        var second = await other.RunAsync(new PollRequest(SandboxPolling.Connection, "vendors"), new InMemoryChangeSink());
        gate.SetResult();
        var firstResult = await first;

        Assert.Equal(PollOutcome.SkippedLeaseHeld, second.Outcome);
        Assert.Equal(PollOutcome.Completed, firstResult.Outcome);
        Assert.True(firstResult.EventsPublished > 0);
    }

    private sealed class GatedSink(Task gate) : IChangeSink
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
        {
            _entered.TrySetResult();
            await gate.WaitAsync(cancellationToken);
        }
    }
}
