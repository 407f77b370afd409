using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

public class UserLineNumbersTests
{
    [Theory]
    [InlineData(1, "010")]
    [InlineData(2, "020")]
    [InlineData(99, "990")]
    [InlineData(100, "1000")]
    public void For_LineNumber_IsTenTimesPaddedToThreeDigits(int line, string expected) =>
        Assert.Equal(expected, UserLineNumbers.For(line));

    [Fact]
    public void For_ZeroOrNegative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UserLineNumbers.For(0));

    [FsCheck.Xunit.Property]
    public bool For_AnyLine_ParsesBackToTenTimesTheLine(FsCheck.PositiveInt line)
    {
        var n = (line.Get % 100_000) + 1;
        return int.Parse(UserLineNumbers.For(n), System.Globalization.CultureInfo.InvariantCulture) == n * 10;
    }
}
