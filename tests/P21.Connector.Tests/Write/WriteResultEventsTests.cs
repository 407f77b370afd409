using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

public class WriteResultEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Committed_SameKey_SameIdAndCarriesP21Key()
    {
        var data = new WriteCommittedData("c1", "SalesOrderCreate", "shopify", "1001", "main", "1013938");
        var a = WriteResultEvents.Committed("/w", "shopify:1001", data, Now);
        var b = WriteResultEvents.Committed("/w", "shopify:1001", data with { CommandId = "c2" }, Now.AddMinutes(1));

        Assert.Equal(a.Id, b.Id);
        Assert.Equal("p21.write.committed", a.Type);
        Assert.Equal("main/SalesOrderCreate/1001", a.Subject);
        Assert.Equal("1013938", a.Data.GetProperty("p21Key").GetString());
    }

    [Fact]
    public void Parked_NextAttempt_NewIdAndCarriesReason()
    {
        var data = new WriteParkedData("c1", "SalesOrderCreate", "shopify", "1001", "main", "unknown SKU X (line 1)", "p1");
        var first = WriteResultEvents.Parked("/w", "shopify:1001", 1, data, Now);
        var second = WriteResultEvents.Parked("/w", "shopify:1001", 2, data, Now);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("p21.write.parked", first.Type);
        Assert.Equal("unknown SKU X (line 1)", first.Data.GetProperty("reason").GetString());
    }
}
