using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

public class SandboxEquivalenceTests
{
    private static SandboxOptions Options(TimeSpan offset) => new() { Customers = 10, Items = 30, SalesOrders = 12, PurchaseOrders = 5, Vendors = 3, UtcOffset = offset };

    private static async Task<IReadOnlyList<ChangeEvent>> DrainAsync(SandboxOptions options, string entity, Action<SandboxHost>? arrange = null)
    {
        await using var polling = await SandboxPolling.StartAsync(options);
        arrange?.Invoke(polling.Sandbox);
        var sink = new InMemoryChangeSink();
        var result = await polling.RunAsync(entity, sink);
        Assert.Equal(PollOutcome.Completed, result.Outcome);
        return sink.Events;
    }

    [Theory]
    [InlineData("sales-orders")]
    [InlineData("customers")]
    [InlineData("prices")]
    public async Task RunAsync_ServersAtMinusFiveAndPlusTwo_SameEvents(string entity)
    {
        var west = await DrainAsync(Options(TimeSpan.FromHours(-5)), entity);
        var east = await DrainAsync(Options(TimeSpan.FromHours(2)), entity);

        Assert.NotEmpty(west);
        Assert.Equal(west.Select(e => e.Id).Order(), east.Select(e => e.Id).Order());
    }

    [Theory]
    [InlineData("sales-orders")]
    [InlineData("items")]
    public async Task RunAsync_FaultsOn_SameEventsAsFaultsOff(string entity)
    {
        var options = Options(TimeSpan.FromHours(-5));
        var calm = await DrainAsync(options, entity);
        var stormy = await DrainAsync(Options(TimeSpan.FromHours(-5)), entity, sandbox =>
        {
            sandbox.Faults.Seed = 7;
            sandbox.Faults.ErrorRate = 0.1;
            sandbox.Faults.Status429Rate = 0.1;
            sandbox.Faults.RetryAfterSeconds = 0;
        });

        Assert.Equal(calm.Select(e => e.Id).Order(), stormy.Select(e => e.Id).Order());
    }
}
