using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public static class TableKeyArbitraries
{
    private static readonly char[] Risky = "/\\#?%|&+ ~'\"\u0000\u001f\u007f\u0085\u009f\ud800\udc00aZ09é-_.".ToCharArray();

    /// <summary>Strings dense in forbidden, escape and surrogate characters, up to a few hundred characters.</summary>
    public static Arbitrary<string> Keys() =>
        Arb.From(Gen.Frequency(
                (3, Gen.Elements(Risky)),
                (1, Gen.Choose(0, 0xFFFF).Select(code => (char)code)))
            .ArrayOf()
            .Select(chars => new string(chars)));
}

[Properties(Arbitrary = [typeof(TableKeyArbitraries)], MaxTest = 500, EndSize = 400)]
public class TableKeyTests
{
    [Property]
    public bool Encode_AnyString_IsTableSafe(string value) => TableKey.IsTableSafe(TableKey.Encode(value));

    [Property]
    public bool Encode_AnyString_FitsTheKeyLimit(string value) => TableKey.Encode(value).Length <= TableKey.MaxPartLength;

    [Property]
    public bool Encode_DistinctStrings_GiveDistinctKeys(string first, string second) =>
        first == second || TableKey.Encode(first) != TableKey.Encode(second);

    [Property]
    public bool Encode_SharedLongPrefix_StillDistinct(string value) =>
        TableKey.Encode(new string('a', 300) + value + "x") != TableKey.Encode(new string('a', 300) + value + "y");

    [Property]
    public bool Decode_UnhashedKey_RoundTrips(string value)
    {
        string encoded = TableKey.Encode(value);
        return encoded.Contains("%~", StringComparison.Ordinal) || TableKey.Decode(encoded) == value;
    }

    [Property]
    public bool Join_SeparatorMovedBetweenParts_GivesDistinctKeys(string first, string second, string third) =>
        TableKey.Join(first + "|" + second, third) != TableKey.Join(first, second + "|" + third);

    [Property]
    public bool Join_AnyParts_IsTableSafe(string first, string second) => TableKey.IsTableSafe(TableKey.Join(first, second));

    [Theory]
    [InlineData("ABC-123", "ABC-123")]
    [InlineData("A/B+C#D&E", "A%2FB+C%23D&E")]
    [InlineData("50%|off?", "50%25%7Coff%3F")]
    [InlineData("back\\slash\ttab", "back%5Cslash%09tab")]
    public void Encode_ItemIds_EscapesOnlyWhatTableStorageForbids(string value, string expected)
    {
        Assert.Equal(expected, TableKey.Encode(value));
        Assert.Equal(value, TableKey.Decode(expected));
    }

    [Fact]
    public void Encode_LoneSurrogate_IsEscapedAndRoundTrips()
    {
        string value = "a\ud800b";
        string encoded = TableKey.Encode(value);
        Assert.Equal("a%uD800b", encoded);
        Assert.Equal(value, TableKey.Decode(encoded));
    }

    [Fact]
    public void Encode_VeryLongKey_IsHashedAndCannotBeDecoded()
    {
        string encoded = TableKey.Encode(new string('x', 5000));
        Assert.Contains("%~", encoded, StringComparison.Ordinal);
        Assert.True(encoded.Length <= TableKey.MaxPartLength);
        Assert.Throws<FormatException>(() => TableKey.Decode(encoded));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%uZZZZ")]
    public void Decode_MalformedEscape_ThrowsFormatException(string encoded) =>
        Assert.Throws<FormatException>(() => TableKey.Decode(encoded));

    [Fact]
    public void Join_PartsContainingSeparator_StayUnambiguous()
    {
        Assert.NotEqual(TableKey.Join("a|b", "c"), TableKey.Join("a", "b|c"));
        Assert.Equal("conn|items|07", TableKey.Join("conn", "items", "07"));
    }
}
