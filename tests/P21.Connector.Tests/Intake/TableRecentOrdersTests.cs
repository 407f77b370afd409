using Azure.Core;
using Azure.Data.Tables;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Secrets;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Intake;

/// <summary>The <c>RecentOrders</c> table over Azurite (or the account in <c>P21_TEST_STORAGE</c>), one table prefix per test.</summary>
public class TableRecentOrdersTests
{
    private static readonly string Storage = Environment.GetEnvironmentVariable("P21_TEST_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
    private readonly string _prefix = "ro" + Guid.NewGuid().ToString("N")[..10];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task LatestAsync_SeveralAdded_NewestFirstAndLimited()
    {
        var recent = Create("acme", capacity: 50);
        for (int i = 1; i <= 5; i++)
        {
            await recent.AddAsync(Order("acme", i), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["5", "4", "3", "2", "1"], (await recent.LatestAsync(50, CancellationToken.None)).Select(c => c.ExternalId));
        Assert.Equal(["5", "4"], (await recent.LatestAsync(2, CancellationToken.None)).Select(c => c.ExternalId));
        Assert.Empty(await recent.LatestAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task LatestAsync_SameInstant_StillNewestFirstWithFullCommand()
    {
        var recent = Create("acme", capacity: 50);
        var first = Order("acme", 1);

        await recent.AddAsync(first, CancellationToken.None);
        await recent.AddAsync(Order("acme", 2), CancellationToken.None);

        var latest = await recent.LatestAsync(5, CancellationToken.None);
        Assert.Equal(["2", "1"], latest.Select(c => c.ExternalId));
        Assert.Equal(WriteCommandSerializer.Serialize(first), WriteCommandSerializer.Serialize(latest[1]));
    }

    [Fact]
    public async Task AddAsync_BeyondCapacity_PrunesOldestRowsEveryFewAdds()
    {
        var recent = Create("acme", capacity: 3, pruneEvery: 4);
        for (int i = 1; i <= 7; i++)
        {
            await recent.AddAsync(Order("acme", i), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // The 4th add pruned down to 3 rows; adds 5..7 have not triggered another prune yet.
        Assert.Equal(6, await RowCountAsync("acme"));
        Assert.Equal(["7", "6", "5"], (await recent.LatestAsync(10, CancellationToken.None)).Select(c => c.ExternalId));

        await recent.AddAsync(Order("acme", 8), CancellationToken.None);

        Assert.Equal(3, await RowCountAsync("acme"));
        Assert.Equal(["8", "7", "6"], (await recent.LatestAsync(10, CancellationToken.None)).Select(c => c.ExternalId));
    }

    [Fact]
    public async Task LatestAsync_OtherConnection_IsNotListed()
    {
        var east = Create("east", capacity: 10);
        var west = Create("west", capacity: 10);

        await east.AddAsync(Order("east", 1), CancellationToken.None);
        await west.AddAsync(Order("west", 2), CancellationToken.None);

        Assert.Equal(["1"], (await east.LatestAsync(10, CancellationToken.None)).Select(c => c.ExternalId));
        Assert.Equal(["2"], (await west.LatestAsync(10, CancellationToken.None)).Select(c => c.ExternalId));
    }

    [Fact]
    public async Task AddAsync_CommandOverLimit_IsSkippedNotThrown()
    {
        var recent = Create("acme", capacity: 10);
        var big = WriteCommand.Create("generic", "big", "acme", _time.GetUtcNow(), new CustomerUpsert("c", new string('x', 70_000), null, null, null, null, []));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(WriteCommandSerializer.Serialize(big)) > TableRecentOrders.MaxCommandBytes);

        await recent.AddAsync(big, CancellationToken.None);
        await recent.AddAsync(Order("acme", 1), CancellationToken.None);

        Assert.Equal(["1"], (await recent.LatestAsync(10, CancellationToken.None)).Select(c => c.ExternalId));
    }

    [Fact]
    public async Task AcceptAsync_RecordingFails_StillAccepted()
    {
        // A real table client aimed at a closed port, without retries: recording fails the way an outage does.
        var unreachable = new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])),
            new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5), Mode = RetryMode.Fixed } });
        var recent = new TableRecentOrders(
            new StorageTables(unreachable, _prefix), Options.Create(new IntakeOptions { Connection = "acme" }), _time, NullLogger<TableRecentOrders>.Instance);
        using var fx = new IntakeFixture(recent: recent);

        var result = await fx.SendAsync(fx.Generic("orders", Samples.Bytes("generic-order.json")));

        IntakeAssert.AcceptedOne(result, fx.Queue);
        await Assert.ThrowsAnyAsync<Exception>(() => recent.LatestAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task AddP21Intake_WithTableStorage_RecordsAcceptedOrdersInTheTable()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Storage,
            ["Storage:TablePrefix"] = _prefix,
            ["Intake:Connection"] = "acme",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ISecretSource>(new DictionarySecretSource())
            .AddSingleton<ICommandQueue>(new RecordingCommandQueue())
            .AddP21Intake(configuration)
            .AddP21Storage(configuration)
            .BuildServiceProvider();

        var recent = provider.GetRequiredService<IRecentOrders>();
        await recent.AddAsync(Order("acme", 9), CancellationToken.None);

        Assert.IsType<TableRecentOrders>(recent);
        Assert.Equal(1, await RowCountAsync("acme"));
    }

    private TableRecentOrders Create(string connection, int capacity, int pruneEvery = TableRecentOrders.DefaultPruneEvery) =>
        new(
            new StorageTables(new TableServiceClient(Storage), _prefix),
            Options.Create(new IntakeOptions { Connection = connection, RecentOrdersCapacity = capacity }),
            _time,
            NullLogger<TableRecentOrders>.Instance,
            pruneEvery);

    private async Task<int> RowCountAsync(string connection)
    {
        var table = new TableServiceClient(Storage).GetTableClient(_prefix + StorageTableNames.RecentOrders);
        int rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == connection, select: ["RowKey"]))
        {
            rows++;
        }

        return rows;
    }

    private WriteCommand Order(string connection, int n) =>
        WriteCommand.Create(
            "shopify", n.ToString(System.Globalization.CultureInfo.InvariantCulture), connection, _time.GetUtcNow(), new CustomerUpsert("c" + n, "Customer " + n, null, null, null, null, []));
}
