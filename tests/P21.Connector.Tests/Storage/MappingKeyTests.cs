using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class MappingKeyTests
{
    [Theory]
    [InlineData("abc-123", "ABC-123")]
    [InlineData("  Abc   123 ", "ABC 123")]
    [InlineData("abc\t\n 123", "ABC 123")]
    [InlineData("a/b+c#d&e", "A/B+C#D&E")]
    public void Normalize_Sku_IsCaseInsensitiveTrimmedAndCollapsed(string key, string expected) =>
        Assert.Equal(expected, MappingKey.Normalize(MappingKind.Sku, key));

    [Fact]
    public void Normalize_CustomerId_KeepsCaseAndInnerSpaces() =>
        Assert.Equal("Cust  01", MappingKey.Normalize(MappingKind.Customer, "  Cust  01 "));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_EmptyKey_ThrowsArgumentException(string key) =>
        Assert.Throws<ArgumentException>(() => MappingKey.Normalize(MappingKind.Sku, key));

    [Fact]
    public void ForGlAccount_SpellingVariants_GiveOneKey() =>
        Assert.Equal(
            MappingKey.ForGlAccount("Order", "ItemPrice", "Principal"),
            MappingKey.ForGlAccount(" order ", "itemprice", "PRINCIPAL"));

    [Fact]
    public void ForGlAccount_SeparatorInsideParts_StaysUnambiguous() =>
        Assert.NotEqual(MappingKey.ForGlAccount("a|b", "c", "d"), MappingKey.ForGlAccount("a", "b|c", "d"));
}
