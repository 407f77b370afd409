using P21.Connector.Poll;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Poll;

public class KeyScanPartsTests
{
    [Fact]
    public void MightContain_EveryAddedKey_True()
    {
        var filter = new PresentKeyFilter(42);
        var keys = Enumerable.Range(0, 50_000).Select(i => $"ITEM-{i}@{i % 9}").ToList();
        foreach (var key in keys)
        {
            filter.Add(key);
        }

        Assert.All(keys, k => Assert.True(filter.MightContain(k)));
        Assert.Equal(50_000, filter.Count);
    }

    [Fact]
    public void MightContain_KeysNeverAdded_AlmostAlwaysFalse()
    {
        var filter = new PresentKeyFilter(7);
        for (var i = 0; i < 200_000; i++)
        {
            filter.Add($"C{i}");
        }

        var falsePresent = Enumerable.Range(0, 100_000).Count(i => filter.MightContain($"D{i}"));

        // Expected rate at 200k keys in 2^24 bits with 7 hashes is well under 1 in 10,000.
        Assert.True(falsePresent < 20, $"{falsePresent} false 'present' answers");
    }

    [Fact]
    public void MightContain_DifferentSeeds_DifferentFalsePositives()
    {
        var a = new PresentKeyFilter(1);
        var b = new PresentKeyFilter(2);
        for (var i = 0; i < 1_500_000; i++)
        {
            a.Add($"K{i}");
            b.Add($"K{i}");
        }

        var missedByA = Enumerable.Range(0, 20_000).Select(i => $"Z{i}").Where(a.MightContain).ToList();

        Assert.NotEmpty(missedByA);
        Assert.True(missedByA.Count(b.MightContain) < missedByA.Count / 10);
    }

    [Fact]
    public async Task InMemoryListKeys_PagesInOrderWithoutRepeats_EvenWhileDeleting()
    {
        var store = new InMemoryFingerprintStore();
        await store.UpsertManyAsync("c", "items", [.. Enumerable.Range(0, 25).Select(i => new Fingerprint($"K{i:D2}", "h"))]);
        await store.UpsertManyAsync("c", "other", [new("K99", "h")]);

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListKeysAsync("c", "items", cursor, 10);
            listed.AddRange(page.Keys);
            await store.DeleteManyAsync("c", "items", page.Keys);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"K{i:D2}"), listed);
        Assert.Empty((await store.ListKeysAsync("c", "items", null, 10)).Keys);
        Assert.Single((await store.ListKeysAsync("c", "other", null, 10)).Keys);
    }
}
