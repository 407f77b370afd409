using System.Net.Http.Json;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

public class SandboxEquivalenceTests
{
    private static SandboxOptions Options(TimeSpan offset) => new() { Customers = 10, Items = 30, SalesOrders = 12, PurchaseOrders = 5, Vendors = 3, UtcOffset = offset };

    private static async Task<IReadOnlyList<ChangeEvent>> DrainAsync(SandboxOptions options, string entity, Action<SandboxHost>? arrange = null,
        Func<SandboxHost, IChangeSink, IChangeSink>? wrapSink = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        await using var polling = await SandboxPolling.StartAsync(options, settings);
        arrange?.Invoke(polling.Sandbox);
        var sink = new InMemoryChangeSink();
        var result = await polling.RunAsync(entity, wrapSink?.Invoke(polling.Sandbox, sink) ?? sink);
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

    [Theory]
    [InlineData("sales-orders")]
    [InlineData("items")]
    public async Task RunAsync_FaultsAndTokenRevokedBetweenPages_SameEventsAsFaultsOff(string entity)
    {
        var calm = await DrainAsync(Options(TimeSpan.FromHours(-5)), entity);
        RevokingSink? revoking = null;

        // Small pages so the run spans several, and a revocation lands between two of them; ids do not depend on paging.
        var stormy = await DrainAsync(Options(TimeSpan.FromHours(-5)), entity, sandbox =>
        {
            sandbox.Faults.Seed = 11;
            sandbox.Faults.ErrorRate = 0.1;
            sandbox.Faults.Status429Rate = 0.1;
            sandbox.Faults.RetryAfterSeconds = 0;
        }, (sandbox, sink) => revoking = new RevokingSink(sandbox, sink), [new("P21:Polling:PageSize", "4")]);

        Assert.Equal(calm.Select(e => e.Id).Order(), stormy.Select(e => e.Id).Order());
        Assert.NotNull(revoking);
        Assert.True(revoking.Revoked >= 2, $"revoked {revoking.Revoked} times");
        Assert.True(revoking.TokenRequests >= 2, $"token requests {revoking.TokenRequests}: the revoked token was never re-minted");
    }

    /// <summary>Forwards to an inner sink and, after the first page it acknowledges and every second one after, revokes every issued token.</summary>
    private sealed class RevokingSink(SandboxHost sandbox, IChangeSink inner) : IChangeSink
    {
        private int _pages;

        public int Revoked { get; private set; }

        public long TokenRequests { get; private set; }

        public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
        {
            await inner.PublishAsync(events, cancellationToken);
            if (++_pages % 2 == 1)
            {
                using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
                using var response = await http.PostAsync("_sandbox/tokens/revoke", null, cancellationToken);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken);
                Revoked += body.GetProperty("revoked").GetInt32();
            }

            TokenRequests = sandbox.Stats.Requests("token");
        }
    }
}
