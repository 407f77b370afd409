using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableFingerprintStoreTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private IFingerprintStore Sut => _storage.Get<IFingerprintStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task UpsertMany_ThenGetMany_RoundTripsAPageOfKeysWithAwkwardCharacters()
    {
        var fingerprints = Enumerable.Range(0, 1_000).Select(i => new Fingerprint($"ITEM/{i}+#&'{i % 7}", $"h{i}")).ToList();
        await Sut.UpsertManyAsync("prod", "items", fingerprints);

        var keys = fingerprints.Select(f => f.Key).Append("never-seen").ToList();
        var found = await Sut.GetManyAsync("prod", "items", keys);

        Assert.Equal(1_000, found.Count);
        Assert.Equal("h123", found["ITEM/123+#&'4"]);
        Assert.False(found.ContainsKey("never-seen"));
    }

    [Fact]
    public async Task UpsertMany_RepeatedKeyInOneCall_LastWins_AndUpdatesReplace()
    {
        await Sut.UpsertManyAsync("prod", "customers", [new("C1", "old"), new("C1", "newer")]);
        await Sut.UpsertManyAsync("prod", "customers", [new("C1", "newest")]);

        var found = await Sut.GetManyAsync("prod", "customers", ["C1"]);

        Assert.Equal("newest", found["C1"]);
        Assert.Empty(await Sut.GetManyAsync("test", "customers", ["C1"]));
        Assert.Empty(await Sut.GetManyAsync("prod", "customers", []));
    }
}