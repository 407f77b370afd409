using System.Text;

using P21.Connector.Events;
using P21.Connector.Events.Records;

namespace P21.Connector.Tests.Events;

public class ChangeEventFactoryTests
{
    private static readonly byte[] Order = Encoding.UTF8.GetBytes("""{"orderNo":"1001","status":"open"}""");

    [Fact]
    public void Create_SameState_SameId()
    {
        var version = ChangeEventFactory.Fingerprint(Order, deleted: false);

        var a = ChangeEventFactory.Create("main", "sales-orders", "salesorder", "1001", version, false, DateTimeOffset.UnixEpoch, Order);
        var b = ChangeEventFactory.Create("main", "sales-orders", "salesorder", "1001", version, false, DateTimeOffset.UtcNow, Order);

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(32, a.Id.Length);
        Assert.Equal("p21.salesorder.changed", a.Type);
        Assert.Equal("p21://main/sales-orders", a.Source);
        Assert.Equal("1001", a.Subject);
    }

    [Fact]
    public void Create_OtherConnectionOrDeleted_OtherId()
    {
        var changed = ChangeEventFactory.Fingerprint(Order, deleted: false);
        var deleted = ChangeEventFactory.Fingerprint(Order, deleted: true);

        var main = ChangeEventFactory.Create("main", "sales-orders", "salesorder", "1001", changed, false, default, Order);
        var other = ChangeEventFactory.Create("east", "sales-orders", "salesorder", "1001", changed, false, default, Order);
        var gone = ChangeEventFactory.Create("main", "sales-orders", "salesorder", "1001", deleted, true, default, Order);

        Assert.NotEqual(main.Id, other.Id);
        Assert.NotEqual(main.Id, gone.Id);
        Assert.Equal("p21.salesorder.deleted", gone.Type);
    }

    [Fact]
    public void CloudEventJson_RoundTrip_KeepsAttributesAndData()
    {
        var source = ChangeEventFactory.Create("main", "sales-orders", "salesorder", "1001", "v1", false, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Order);

        var json = CloudEventJson.Serialize(source);
        var back = CloudEventJson.Deserialize(json);

        Assert.Contains("\"specversion\":\"1.0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"datacontenttype\":\"application/json\"", json, StringComparison.Ordinal);
        Assert.Equal(source.Id, back.Id);
        Assert.Equal(source.Type, back.Type);
        Assert.Equal(source.Time, back.Time);
        Assert.Equal("open", back.Data.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"specversion":"0.3","id":"a","source":"s","type":"t"}""")]
    [InlineData("""{"specversion":"1.0","source":"s","type":"t"}""")]
    public void CloudEventJson_BadInput_ThrowsFormatException(string json) =>
        Assert.Throws<FormatException>(() => CloudEventJson.Deserialize(json));

    [Theory]
    [InlineData(false, false, false, SalesOrderStatus.Open)]
    [InlineData(false, false, true, SalesOrderStatus.Approved)]
    [InlineData(true, false, true, SalesOrderStatus.Cancelled)]
    [InlineData(false, true, true, SalesOrderStatus.Invoiced)]
    public void SalesOrderStatusRule_HeaderFlags_Status(bool cancelled, bool completed, bool approved, SalesOrderStatus expected) =>
        Assert.Equal(expected, SalesOrderStatusRule.Derive(cancelled, completed, approved, [Line(10, 0)]));

    [Fact]
    public void SalesOrderStatusRule_LineQuantities_ShippedStates()
    {
        Assert.Equal(SalesOrderStatus.PartiallyShipped, SalesOrderStatusRule.Derive(false, false, true, [Line(10, 4), Line(5, 0)]));
        Assert.Equal(SalesOrderStatus.Shipped, SalesOrderStatusRule.Derive(false, false, true, [Line(10, 10), Line(5, 5)]));
        Assert.Equal(SalesOrderStatus.Cancelled, SalesOrderStatusRule.Derive(false, false, true, [Line(10, 0) with { Cancelled = true }]));
    }

    private static SalesOrderLine Line(decimal ordered, decimal invoiced) => new() { LineNo = 1, QtyOrdered = ordered, QtyInvoiced = invoiced };
}
