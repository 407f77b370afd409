using P21.Connector.Client;

namespace P21.Connector.Tests.Client;

public sealed class ConnectionChoiceTests
{
    private static readonly string[] Two = ["east", "West"];

    [Theory]
    [InlineData("west", null, "West")]
    [InlineData(" WEST ", "east", "West")]
    [InlineData(null, "east", "east")]
    [InlineData("  ", "EAST", "east")]
    [InlineData("north", "east", null)]
    [InlineData(null, "north", null)]
    [InlineData(null, null, null)]
    public void Resolve_TwoConfigured_AskedThenFallback_NeverAGuess(string? asked, string? fallback, string? expected) =>
        Assert.Equal(expected, ConnectionChoice.Resolve(Two, asked, fallback));

    [Fact]
    public void Resolve_OneConfiguredAndNoneNamed_IsThatOne()
    {
        Assert.Equal("main", ConnectionChoice.Resolve(["main"], null, ""));
        Assert.Null(ConnectionChoice.Resolve(["main"], "other", null));
        Assert.Null(ConnectionChoice.Resolve([], null, null));
    }
}
