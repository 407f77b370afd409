using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class InMemoryMappingStoreTests
{
    private static InMemoryMappingStore CreateSut() => new(new FakeTimeProvider());

    [Fact]
    public async Task Get_SkuSpelledDifferently_FindsMapping()
    {
        var sut = CreateSut();
        var stored = await sut.SetAsync("prod", "shopify", MappingKind.Sku, "  abc  123/x ", "ABC123X");

        Assert.Equal("ABC 123/X", stored.Key);
        Assert.Equal("ABC123X", await sut.GetAsync("prod", "shopify", MappingKind.Sku, "ABC 123/X"));
        Assert.Equal("ABC123X", await sut.GetAsync("prod", "shopify", MappingKind.Sku, "abc\t123/x"));
    }

    [Fact]
    public async Task Get_OtherSourceConnectionOrKind_IsSeparate()
    {
        var sut = CreateSut();
        await sut.SetAsync("prod", "shopify", MappingKind.Sku, "a", "1");

        Assert.Null(await sut.GetAsync("prod", "amazon", MappingKind.Sku, "a"));
        Assert.Null(await sut.GetAsync("test", "shopify", MappingKind.Sku, "a"));
        Assert.Null(await sut.GetAsync("prod", "shopify", MappingKind.Customer, "a"));
    }

    [Fact]
    public async Task Set_Twice_Replaces()
    {
        var sut = CreateSut();
        await sut.SetAsync("prod", "shopify", MappingKind.Customer, "c1", "100");
        await sut.SetAsync("prod", "shopify", MappingKind.Customer, "c1", "200");

        Assert.Equal("200", await sut.GetAsync("prod", "shopify", MappingKind.Customer, "c1"));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_ReportsWhetherItExisted()
    {
        var sut = CreateSut();
        await sut.SetAsync("prod", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemPrice", "Principal"), "4000-00");

        Assert.True(await sut.DeleteAsync("prod", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("order", "itemprice", "principal")));
        Assert.False(await sut.DeleteAsync("prod", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemPrice", "Principal")));
    }

    [Fact]
    public async Task List_CustomKind_StreamsOnlyThatKind()
    {
        var sut = CreateSut();
        var warehouse = new MappingKind("warehouse");
        await sut.SetAsync("prod", "shopify", warehouse, "east", "10");
        await sut.SetAsync("prod", "shopify", warehouse, "west", "20");
        await sut.SetAsync("prod", "shopify", MappingKind.Sku, "east", "x");

        var listed = await sut.ListAsync("prod", "shopify", warehouse).ToListAsync();

        Assert.Equal(["east", "west"], listed.Select(mapping => mapping.Key));
        Assert.Equal(["10", "20"], listed.Select(mapping => mapping.Value));
    }
}
