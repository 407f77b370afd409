using System.Text;

using P21.Connector.Intake;

namespace P21.Connector.Tests.Intake;

public class IntakePipelineTests
{
    private static readonly byte[] Order = Samples.Bytes("generic-order.json");

    [Fact]
    public async Task AcceptAsync_BodyOverLimit_Returns413BeforeSignature()
    {
        using var fx = new IntakeFixture(configure: o => o.MaxBodyBytes = 2048);
        var request = fx.Generic("orders", new byte[2049]) with { Headers = new Dictionary<string, string>() };

        var problem = IntakeAssert.Rejected(await fx.SendAsync(request), fx.Queue, 413, "body");

        Assert.Contains("2048", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_BodyAtLimit_IsNotRefusedForSize()
    {
        using var fx = new IntakeFixture(configure: o => o.MaxBodyBytes = Order.Length);

        IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("orders", Order)), fx.Queue);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("not a media type")]
    public async Task AcceptAsync_WrongContentType_Returns415(string? contentType)
    {
        using var fx = new IntakeFixture();
        var request = fx.Generic("orders", Order) with { ContentType = contentType };

        IntakeAssert.Rejected(await fx.SendAsync(request), fx.Queue, 415, "Content-Type");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task AcceptAsync_JsonContentTypeVariants_AreAccepted(string contentType)
    {
        using var fx = new IntakeFixture();

        IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("orders", Order) with { ContentType = contentType }), fx.Queue);
    }

    [Theory]
    [InlineData("etsy", "orders")]
    [InlineData("shopify", "settlements")]
    [InlineData("generic", "invoices")]
    public async Task AcceptAsync_UnknownSourceOrRoute_Returns404(string source, string kind)
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(await fx.SendAsync(fx.Generic(kind, Order, source: source)), fx.Queue, 404, "source");
    }

    [Fact]
    public async Task AcceptAsync_QueueUnavailable_Returns503AndKeepsNoRecentOrder()
    {
        using var fx = new IntakeFixture();
        fx.Queue.Fail = true;

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.Generic("orders", Order)), fx.Queue, 503, "queue");

        Assert.Equal(IntakeProblems.UnavailableType, problem.Type);
        Assert.Empty(await fx.Recent.LatestAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptAsync_Canceled_ThrowsOperationCanceled()
    {
        using var fx = new IntakeFixture();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fx.Intake.AcceptAsync(fx.Generic("orders", Order), cancel.Token));
        Assert.Empty(fx.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_TamperedAfterSigning_Returns401()
    {
        using var fx = new IntakeFixture();
        var request = fx.Generic("orders", Order);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Order).Replace("\"quantity\": 200", "\"quantity\": 2000", StringComparison.Ordinal));

        IntakeAssert.Rejected(await fx.SendAsync(request with { Body = tampered }), fx.Queue, 401, "webhook-signature");
    }
}

public class RecentOrdersBufferTests
{
    [Fact]
    public async Task LatestAsync_MoreAddedThanCapacity_KeepsNewestFirst()
    {
        var buffer = new RecentOrdersBuffer(3);
        var commands = Enumerable.Range(1, 5).Select(i => P21.Connector.Commands.WriteCommand.Create(
            "generic", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "acme", DateTimeOffset.UnixEpoch,
            new P21.Connector.Commands.CustomerUpsert("c", "n", null, null, null, null, []))).ToList();

        foreach (var command in commands)
        {
            await buffer.AddAsync(command, CancellationToken.None);
        }

        Assert.Equal(["5", "4", "3"], (await buffer.LatestAsync(50, CancellationToken.None)).Select(c => c.ExternalId));
        Assert.Equal(["5"], (await buffer.LatestAsync(1, CancellationToken.None)).Select(c => c.ExternalId));
        Assert.Empty(await buffer.LatestAsync(0, CancellationToken.None));
    }
}
