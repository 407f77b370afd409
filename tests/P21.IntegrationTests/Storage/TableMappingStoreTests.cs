using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableMappingStoreTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private IMappingStore Sut => _storage.Get<IMappingStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task Get_SkuSpelledDifferently_FindsNormalizedMapping()
    {
        var stored = await Sut.SetAsync("prod", "shopify", MappingKind.Sku, "  widget/10 +  #3&b ", "WID-10");

        Assert.Equal("WIDGET/10 + #3&B", stored.Key);
        Assert.Equal("WID-10", await Sut.GetAsync("prod", "shopify", MappingKind.Sku, "WIDGET/10 + #3&B"));
        Assert.Equal("WID-10", await Sut.GetAsync("prod", "shopify", MappingKind.Sku, "widget/10\t+ #3&b"));
        Assert.Null(await Sut.GetAsync("prod", "amazon", MappingKind.Sku, "widget/10 + #3&b"));
    }

    [Fact]
    public async Task Delete_ReportsWhetherItExisted()
    {
        string key = MappingKey.ForGlAccount("Order", "ItemFees", "Commission");
        await Sut.SetAsync("prod", "amazon", MappingKind.GlAccount, key, "6100-00");

        Assert.True(await Sut.DeleteAsync("prod", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("order", "itemfees", "commission")));
        Assert.False(await Sut.DeleteAsync("prod", "amazon", MappingKind.GlAccount, key));
        Assert.Null(await Sut.GetAsync("prod", "amazon", MappingKind.GlAccount, key));
    }

    [Fact]
    public async Task List_StreamsOneKindAcrossPages()
    {
        // More than one Table Storage page (1,000 rows) proves the listing follows continuation tokens.
        const int count = 1_050;
        foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(i => Sut.SetAsync("prod", "shopify", MappingKind.Customer, $"c{i:D5}", $"{100000 + i}")));
        }

        await Sut.SetAsync("prod", "shopify", MappingKind.ShipTo, "c00001", "other kind");

        var listed = await Sut.ListAsync("prod", "shopify", MappingKind.Customer).ToListAsync();

        Assert.Equal(count, listed.Count);
        Assert.Equal("100007", listed.Single(mapping => mapping.Key == "c00007").Value);
        Assert.All(listed, mapping => Assert.Equal(MappingKind.Customer, mapping.Kind));
    }
}
