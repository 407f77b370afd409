using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class InMemoryFingerprintStoreTests
{
    [Fact]
    public async Task GetMany_ReturnsOnlyKnownKeys_LastUpsertWins()
    {
        var sut = new InMemoryFingerprintStore();
        await sut.UpsertManyAsync("prod", "items", [new("A/1", "h1"), new("B#2", "h2"), new("A/1", "h3")]);

        var found = await sut.GetManyAsync("prod", "items", ["A/1", "B#2", "C"]);

        Assert.Equal(2, found.Count);
        Assert.Equal("h3", found["A/1"]);
        Assert.Empty(await sut.GetManyAsync("prod", "customers", ["A/1"]));
    }
}

public class InMemorySchemaSnapshotStoreTests
{
    [Fact]
    public async Task Save_ThenLoad_ReturnsLatest()
    {
        var sut = new InMemorySchemaSnapshotStore(new FakeTimeProvider());
        await sut.SaveAsync("prod", "odata", "{\"v\":1}");
        await sut.SaveAsync("prod", "odata", "{\"v\":2}");

        Assert.Equal("{\"v\":2}", (await sut.LoadAsync("prod", "odata"))!.Json);
        Assert.Null(await sut.LoadAsync("prod", "other"));
    }
}
