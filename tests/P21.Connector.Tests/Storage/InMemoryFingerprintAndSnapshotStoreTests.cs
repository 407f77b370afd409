using Microsoft.Extensions.Time.Testing;

using P21.Connector.Events;
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

    [Fact]
    public async Task GetMany_HashesOfAnyShape_ReadBackExactlyAsWritten()
    {
        var sut = new InMemoryFingerprintStore();
        string sha = ChangeEventFactory.Fingerprint("{\"itemId\":\"BOLT-1\"}"u8, deleted: false);
        string upper = sha.ToUpperInvariant();
        string notHex = new('z', 64);
        await sut.UpsertManyAsync("prod", "items", [new("sha", sha), new("upper", upper), new("notHex", notHex), new("short", "abc")]);

        var found = await sut.GetManyAsync("prod", "items", ["sha", "upper", "notHex", "short"]);

        Assert.Equal(sha, found["sha"]);
        Assert.Equal(upper, found["upper"]);
        Assert.Equal(notHex, found["notHex"]);
        Assert.Equal("abc", found["short"]);
    }

    [Fact]
    public async Task ListKeysAndDelete_StayWithinOneConnectionAndEntity()
    {
        var sut = new InMemoryFingerprintStore();
        await sut.UpsertManyAsync("prod", "items", [new("b", "h"), new("a", "h"), new("c", "h")]);
        await sut.UpsertManyAsync("prod", "vendors", [new("a", "h")]);
        await sut.DeleteManyAsync("prod", "items", ["c", "unknown"]);

        var first = await sut.ListKeysAsync("prod", "items", null, 1);
        var second = await sut.ListKeysAsync("prod", "items", first.Next, 5);

        Assert.Equal(["a"], first.Keys);
        Assert.Equal(["b"], second.Keys);
        Assert.Null(second.Next);
        Assert.Single((await sut.ListKeysAsync("prod", "vendors", null, 5)).Keys);
        Assert.Empty((await sut.ListKeysAsync("test", "items", null, 5)).Keys);
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
