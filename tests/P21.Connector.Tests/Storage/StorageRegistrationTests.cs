using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class StorageRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddP21CommandQueue(configuration).AddP21Storage(configuration).AddP21CommandQueue(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddP21CommandQueue_Memory_ResolvesInMemoryStoresAndQueue()
    {
        using var provider = Build(("Storage:ConnectionString", "memory"));

        Assert.IsType<InMemoryWatermarkStore>(provider.GetRequiredService<IWatermarkStore>());
        Assert.IsType<InMemoryFingerprintStore>(provider.GetRequiredService<IFingerprintStore>());
        Assert.IsType<InMemoryMappingStore>(provider.GetRequiredService<IMappingStore>());
        Assert.IsType<InMemoryIdempotencyLedger>(provider.GetRequiredService<IIdempotencyLedger>());
        Assert.IsType<InMemoryParkedRecordStore>(provider.GetRequiredService<IParkedRecordStore>());
        Assert.IsType<InMemorySchemaSnapshotStore>(provider.GetRequiredService<ISchemaSnapshotStore>());
        Assert.IsType<InMemoryCommandQueue>(provider.GetRequiredService<ICommandQueue>());
    }

    [Fact]
    public void AddP21CommandQueue_ConnectionString_ResolvesTableStoresAndQueue()
    {
        using var provider = Build(("Storage:ConnectionString", "UseDevelopmentStorage=true"));

        Assert.IsType<TableWatermarkStore>(provider.GetRequiredService<IWatermarkStore>());
        Assert.IsType<StorageQueueCommandQueue>(provider.GetRequiredService<ICommandQueue>());
    }

    [Fact]
    public void AddP21Storage_MissingSettings_FailsWithFix()
    {
        using var provider = Build();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
