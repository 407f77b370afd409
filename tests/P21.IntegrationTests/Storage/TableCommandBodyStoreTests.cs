using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableCommandBodyStoreTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private ICommandBodyStore Sut => _storage.Get<ICommandBodyStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task ClaimCheck_TenThousandLineSettlement_PointerOnQueueBodyInTableRoundTrips()
    {
        var claimCheck = _storage.Get<CommandClaimCheck>();
        var settlement = new JournalEntryPost(
            "S-1", null, "USD", 0m,
            [.. Enumerable.Range(0, 10_000).Select(i => new SettlementLine(i + 2, "Order", "ItemPrice", "Principal", 1.25m, $"111-{i:D7}-0000000", $"SKU-{i % 50}", "2026-03-01"))]);
        WriteCommand command = WriteCommand.Create("amazon", "S-1", "prod/eu", DateTimeOffset.UnixEpoch, settlement);
        string body = WriteCommandSerializer.Serialize(command);

        string message = await claimCheck.ToMessageAsync(command, body);
        ResolvedCommandBody resolved = await claimCheck.ResolveAsync(message);

        Assert.True(body.Length > 1_000_000, $"{body.Length}");
        Assert.True(message.Length < 512);
        Assert.Equal(body, resolved.Body);
    }

    [Fact]
    public async Task Put_Rewrite_Get_Delete_LatestBodyThenNone()
    {
        string first = new('a', 700_000), second = "{\"small\":true}";

        await Sut.PutAsync("prod", "cmd-1", first);
        Assert.Equal(first, await Sut.GetAsync("prod", "cmd-1"));
        await Sut.PutAsync("prod", "cmd-1", second);
        Assert.Equal(second, await Sut.GetAsync("prod", "cmd-1"));
        await Sut.DeleteAsync("prod", "cmd-1");
        await Sut.DeleteAsync("prod", "cmd-1");

        Assert.Null(await Sut.GetAsync("prod", "cmd-1"));
        Assert.Null(await Sut.GetAsync("other", "cmd-1"));
    }
}
