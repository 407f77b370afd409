using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

public class RequestedShipDateTests
{
    private static readonly DateOnly OrderDate = new(2026, 3, 10);

    [Fact]
    public void Resolve_NoDate_StaysNull() =>
        Assert.Null(RequestedShipDate.Resolve(null, OrderDate, new WriterOptions()));

    [Fact]
    public void Resolve_AfterOrderDate_Unchanged() =>
        Assert.Equal(new DateOnly(2026, 3, 11), RequestedShipDate.Resolve(new DateOnly(2026, 3, 11), OrderDate, new WriterOptions()));

    [Theory]
    [InlineData(10)]
    [InlineData(1)]
    public void Resolve_SameOrEarlierWithAdjust_MovesToOrderDatePlusLead(int day)
    {
        var options = new WriterOptions { RequestedDateMinimumLeadDays = 2 };
        Assert.Equal(new DateOnly(2026, 3, 12), RequestedShipDate.Resolve(new DateOnly(2026, 3, day), OrderDate, options));
    }

    [Fact]
    public void Resolve_SameDayWithPark_ThrowsNamingBothDates()
    {
        var options = new WriterOptions { RequestedDateBeforeOrderDate = RequestedDatePolicy.Park };
        var ex = Assert.Throws<WriteRejectedException>(() => RequestedShipDate.Resolve(OrderDate, OrderDate, options));
        Assert.Contains("2026-03-10", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not after the order date", ex.Message, StringComparison.Ordinal);
    }
}
