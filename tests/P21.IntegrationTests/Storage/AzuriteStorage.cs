using Azure.Data.Tables;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.IntegrationTests.Storage;

/// <summary>
/// The table stores over Azurite (or the account in <c>P21_TEST_STORAGE</c>), built through <c>AddP21CommandQueue</c>
/// with a table prefix unique to this instance; its tables are deleted on dispose.
/// </summary>
public sealed class AzuriteStorage : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public AzuriteStorage()
    {
        ConnectionString = Environment.GetEnvironmentVariable("P21_TEST_STORAGE") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";
        TablePrefix = "t" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
        }).Build();
        _provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            // Rows are stamped by the fake clock, but lost races against real Azurite are real: their pauses run on the
            // system clock, as in production, or concurrent writers on the fake clock would wait for ever.
            .AddSingleton(new Backoff(TimeProvider.System, Random.Shared))
            .AddP21CommandQueue(configuration)
            .BuildServiceProvider();
    }

    public string ConnectionString { get; }

    public string TablePrefix { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(TablePrefix) >= 0 && t.Name.CompareTo(TablePrefix + "~") < 0))
        {
            await service.DeleteTableAsync(table.Name);
        }

        await _provider.DisposeAsync();
    }
}
