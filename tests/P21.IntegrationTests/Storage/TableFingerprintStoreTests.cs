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

    [Fact]
    public async Task ListKeys_PagedToTheEnd_EveryKeyOnceIncludingAwkwardAndOverlongOnes()
    {
        var keys = Enumerable.Range(0, 230).Select(i => $"ITEM/{i}+#&'?%|{i % 7}").Append(new string('x', 400)).ToList();
        await Sut.UpsertManyAsync("prod", "items", [.. keys.Select(k => new Fingerprint(k, "h"))]);
        await Sut.UpsertManyAsync("prod", "inventory", [new("other-entity", "h")]);

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Sut.ListKeysAsync("prod", "items", cursor, 40);
            Assert.True(page.Keys.Count <= 40);
            listed.AddRange(page.Keys);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.True(pages >= 16);
    }

    [Fact]
    public async Task DeleteMany_RemovesOnlyThoseKeys_AndIgnoresAbsentOnes()
    {
        await Sut.UpsertManyAsync("prod", "items", [new("A/1", "h1"), new("B#2", "h2"), new("C", "h3")]);

        await Sut.DeleteManyAsync("prod", "items", ["A/1", "B#2", "never-stored"]);

        var found = await Sut.GetManyAsync("prod", "items", ["A/1", "B#2", "C"]);
        Assert.Equal(["C"], found.Keys);
    }
}
