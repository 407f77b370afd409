using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class InMemoryParkedRecordStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private InMemoryParkedRecordStore CreateSut() => new(_time);

    private static ParkRequest Request(string key = "amazon:settlement:42", string kind = "settlement", string payload = "{\"lines\":[]}") =>
        new(kind, "amazon", key, "GL account missing", "lines 3, 7", payload);

    [Fact]
    public async Task Park_New_IsParkedWithOneAttempt()
    {
        var parked = await CreateSut().ParkAsync("prod", Request());

        Assert.Equal(ParkedRecord.IdFor("amazon:settlement:42"), parked.Id);
        Assert.Equal(ParkedStatus.Parked, parked.Status);
        Assert.Equal(1, parked.Attempts);
    }

    [Fact]
    public async Task Park_SameKeyAgain_CountsAttemptAndReplacesReasonAndPayload()
    {
        var sut = CreateSut();
        var first = await sut.ParkAsync("prod", Request());
        _time.Advance(TimeSpan.FromHours(1));

        var second = await sut.ParkAsync("prod", Request(payload: "{\"lines\":[1]}") with { Reason = "still missing" });
        var stored = await sut.GetAsync("prod", first.Id);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, stored!.Attempts);
        Assert.Equal("still missing", stored.Reason);
        Assert.Equal("{\"lines\":[1]}", stored.Payload);
        Assert.Equal(first.FirstSeenUtc, stored.FirstSeenUtc);
        Assert.Equal(_time.GetUtcNow(), stored.LastSeenUtc);
    }

    [Fact]
    public async Task List_FiltersByKindAndStatus_WithoutPayloads()
    {
        var sut = CreateSut();
        var settlement = await sut.ParkAsync("prod", Request("s1"));
        await sut.ParkAsync("prod", Request("o1", kind: "sales-order"));
        await sut.ParkAsync("other", Request("s2"));
        await sut.MarkDiscardedAsync("prod", (await sut.ParkAsync("prod", Request("s3"))).Id);

        var listed = await sut.ListAsync("prod", new ParkedRecordFilter("settlement", ParkedStatus.Parked)).ToListAsync();

        var only = Assert.Single(listed);
        Assert.Equal(settlement.Id, only.Id);
        Assert.Null(only.Payload);
        Assert.Equal(settlement.PayloadLength, only.PayloadLength);
        Assert.Equal(3, await sut.ListAsync("prod").CountAsync());
    }

    [Fact]
    public async Task UpdatePayload_ThenMarkReplayed_KeepsFixedPayload()
    {
        var sut = CreateSut();
        var parked = await sut.ParkAsync("prod", Request());

        await sut.UpdatePayloadAsync("prod", parked.Id, "{\"fixed\":true}");
        var replayed = await sut.MarkReplayedAsync("prod", parked.Id);

        Assert.Equal(ParkedStatus.Replayed, replayed!.Status);
        Assert.Equal("{\"fixed\":true}", (await sut.GetAsync("prod", parked.Id))!.Payload);
    }

    [Fact]
    public async Task Changes_UnknownId_ReturnNull()
    {
        var sut = CreateSut();
        Assert.Null(await sut.GetAsync("prod", "nope"));
        Assert.Null(await sut.UpdatePayloadAsync("prod", "nope", "{}"));
        Assert.Null(await sut.MarkReplayedAsync("prod", "nope"));
        Assert.Null(await sut.MarkDiscardedAsync("prod", "nope"));
    }

    [Fact]
    public async Task Park_HugeDetails_AreTrimmedPayloadIsNot()
    {
        string payload = new('p', 2_000_000);
        var parked = await CreateSut().ParkAsync("prod", Request(payload: payload) with { Details = new string('d', 100_000) });

        Assert.True(parked.Details!.Length <= 30_000);
        Assert.Contains("truncated from 100000", parked.Details, StringComparison.Ordinal);
        Assert.Equal(payload, parked.Payload);
    }
}
