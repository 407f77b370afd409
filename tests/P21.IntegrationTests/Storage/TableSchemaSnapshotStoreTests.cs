using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

public sealed class TableSchemaSnapshotStoreTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    private ISchemaSnapshotStore Sut => _storage.Get<ISchemaSnapshotStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task Save_LargeThenSmall_LoadsLatest()
    {
        string large = "{\"tables\":\"" + new string('x', 1_500_000) + "\"}";
        await Sut.SaveAsync("prod", "odata/v1", large);
        Assert.Equal(large, (await Sut.LoadAsync("prod", "odata/v1"))!.Json);

        _storage.Time.Advance(TimeSpan.FromDays(1));
        await Sut.SaveAsync("prod", "odata/v1", "{}");
        var loaded = await Sut.LoadAsync("prod", "odata/v1");

        Assert.Equal(("{}", _storage.Time.GetUtcNow()), (loaded!.Json, loaded.SavedUtc));
        Assert.Null(await Sut.LoadAsync("prod", "never"));
    }
}
