using System.Text;

using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableParkedRecordStoreTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private IParkedRecordStore Sut => _storage.Get<IParkedRecordStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    private static ParkRequest Request(string key, string payload, string kind = "settlement") =>
        new(kind, "amazon", key, "GL account missing for (Order, ItemFees, Commission)", "lines 3, 7", payload);

    private static string Settlement(int lines)
    {
        var json = new StringBuilder("{\"lines\":[");
        for (int i = 0; i < lines; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"n\":").Append(i).Append(",\"desc\":\"Commission – ünïcødé ").Append(i).Append(" 😀\",\"amount\":-1.23}");
        }

        return json.Append("]}").ToString();
    }

    [Fact]
    public async Task Park_OneMegabytePayload_RoundTrips()
    {
        string payload = Settlement(14_000);
        Assert.True(Encoding.UTF8.GetByteCount(payload) > 1_000_000);

        var parked = await Sut.ParkAsync("prod", Request("amazon:settlement:1", payload));
        var loaded = await Sut.GetAsync("prod", parked.Id);

        Assert.Equal(payload, loaded!.Payload);
        Assert.Equal(payload.Length, loaded.PayloadLength);
        Assert.Equal(ParkedStatus.Parked, loaded.Status);
    }

    [Fact]
    public async Task Park_Again_CountsAttemptAndShrinkingPayloadLeavesNoStaleChunks()
    {
        var first = await Sut.ParkAsync("prod", Request("amazon:settlement:2", Settlement(14_000)));
        _storage.Time.Advance(TimeSpan.FromHours(1));

        await Sut.ParkAsync("prod", Request("amazon:settlement:2", "{\"small\":true}"));
        var loaded = await Sut.GetAsync("prod", first.Id);

        Assert.Equal(("{\"small\":true}", 2), (loaded!.Payload, loaded.Attempts));
        Assert.Equal(first.FirstSeenUtc, loaded.FirstSeenUtc);
        Assert.Equal(_storage.Time.GetUtcNow(), loaded.LastSeenUtc);
    }

    [Fact]
    public async Task Park_ConcurrentlySameKey_CountsEveryAttempt()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Sut.ParkAsync("prod", Request("shopify:order:5", $"{{\"try\":{i}}}", "sales-order")))));

        var loaded = await Sut.GetAsync("prod", ParkedRecord.IdFor("shopify:order:5"));

        Assert.Equal(6, loaded!.Attempts);
        Assert.StartsWith("{\"try\":", loaded.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndOmitsPayloads()
    {
        var settlement = await Sut.ParkAsync("prod", Request("s1", Settlement(10)));
        await Sut.ParkAsync("prod", Request("o1", "{}", "sales-order"));
        var discarded = await Sut.ParkAsync("prod", Request("s2", "{}"));
        await Sut.MarkDiscardedAsync("prod", discarded.Id);
        await Sut.ParkAsync("other", Request("s3", "{}"));

        var parkedSettlements = await Sut.ListAsync("prod", new ParkedRecordFilter("settlement", ParkedStatus.Parked)).ToListAsync();
        var all = await Sut.ListAsync("prod").ToListAsync();

        var only = Assert.Single(parkedSettlements);
        Assert.Equal(settlement.Id, only.Id);
        Assert.Null(only.Payload);
        Assert.Equal(3, all.Count);
        Assert.Single(await Sut.ListAsync("prod", new ParkedRecordFilter(Status: ParkedStatus.Discarded)).ToListAsync());
    }

    [Fact]
    public async Task UpdatePayload_MarkReplayed_AndUnknownIds()
    {
        var parked = await Sut.ParkAsync("prod", Request("s9", "{\"broken\":true}"));

        var fixedRecord = await Sut.UpdatePayloadAsync("prod", parked.Id, "{\"fixed\":true}");
        var replayed = await Sut.MarkReplayedAsync("prod", parked.Id);
        var loaded = await Sut.GetAsync("prod", parked.Id);

        Assert.Equal("{\"fixed\":true}", fixedRecord!.Payload);
        Assert.Equal(ParkedStatus.Replayed, replayed!.Status);
        Assert.Equal(("{\"fixed\":true}", ParkedStatus.Replayed, 1), (loaded!.Payload, loaded.Status, loaded.Attempts));
        Assert.Null(await Sut.GetAsync("prod", "no/such#id"));
        Assert.Null(await Sut.MarkDiscardedAsync("prod", "nope"));
        Assert.Null(await Sut.UpdatePayloadAsync("prod", "nope", "{}"));
    }
}
