using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Storage;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>Hard deletes (rows that vanish) found by the key scan, against the sandbox.</summary>
public sealed class KeyScanTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SandboxPolling _polling = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 3, Items = 30, Locations = 2, SalesOrders = 4, PurchaseOrders = 1, Vendors = 1 },
            [new("P21:Polling:KeyScanEvery", "1.00:00:00"), new("P21:Polling:KeyScanPageSize", "7")],
            _time);
        _http = new HttpClient { BaseAddress = _polling.Sandbox.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _polling.DisposeAsync();
    }

    [Theory]
    [InlineData("items", "inv_mast", "7")]
    [InlineData("inventory", "inv_loc", "20,7")]
    [InlineData("sales-orders", "oe_hdr", null)]
    [InlineData("customers", "customer", null)]
    public async Task RunAsync_KeyScanAfterHardDelete_OneDeletedEventAndFingerprintGone(string entity, string table, string? key)
    {
        await _polling.RunAsync(entity, new InMemoryChangeSink());
        var (deleteKey, subject) = key is null ? await FirstKeyAsync(entity) : (key, await SubjectAsync(entity, key));
        await DeleteAsync(table, deleteKey, hard: true);

        var sink = new InMemoryChangeSink();
        var result = await _polling.Runner.RunAsync(new PollRequest(SandboxPolling.Connection, entity, PollMode.KeyScan), sink);
        var again = new InMemoryChangeSink();
        await _polling.Runner.RunAsync(new PollRequest(SandboxPolling.Connection, entity, PollMode.KeyScan), again);

        var deleted = Assert.Single(sink.Events);
        Assert.Equal(subject, deleted.Subject);
        Assert.EndsWith(".deleted", deleted.Type, StringComparison.Ordinal);
        Assert.True(deleted.Data.GetProperty("hardDeleted").GetBoolean());
        Assert.Equal(1, result.HardDeletes);
        Assert.Empty(again.Events);
        Assert.Empty(await Fingerprints.GetManyAsync(SandboxPolling.Connection, entity, [subject]));
    }

    [Fact]
    public async Task RunAsync_SoftDeleteThenKeyScan_OnlyTheSoftDeleteEvent()
    {
        await _polling.RunAsync("items", new InMemoryChangeSink());
        await DeleteAsync("inv_mast", "5", hard: false);

        var incremental = new InMemoryChangeSink();
        await _polling.RunAsync("items", incremental);
        var scan = new InMemoryChangeSink();
        await _polling.Runner.RunAsync(new PollRequest(SandboxPolling.Connection, "items", PollMode.KeyScan), scan);

        Assert.EndsWith(".deleted", Assert.Single(incremental.Events).Type, StringComparison.Ordinal);
        Assert.Empty(scan.Events);
    }

    [Fact]
    public async Task RunAsync_IncrementalRuns_ScanOnlyWhenKeyScanEveryElapsed()
    {
        await _polling.RunAsync("items", new InMemoryChangeSink());
        var subject = await SubjectAsync("items", "9");
        await DeleteAsync("inv_mast", "9", hard: true);

        var early = new InMemoryChangeSink();
        _time.Advance(TimeSpan.FromHours(23));
        await _polling.RunAsync("items", early);
        var due = new InMemoryChangeSink();
        _time.Advance(TimeSpan.FromHours(1));
        var result = await _polling.RunAsync("items", due);

        Assert.Empty(early.Events);
        Assert.Equal(subject, Assert.Single(due.Events).Subject);
        Assert.Equal(1, result.HardDeletes);
    }

    [Fact]
    public async Task RunAsync_KeyScanSinkFails_FingerprintKeptAndSameEventIdNextTime()
    {
        await _polling.RunAsync("items", new InMemoryChangeSink());
        var subject = await SubjectAsync("items", "11");
        await DeleteAsync("inv_mast", "11", hard: true);
        var scan = new PollRequest(SandboxPolling.Connection, "items", PollMode.KeyScan);

        var failing = new FailingSink();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _polling.Runner.RunAsync(scan, failing));
        var sink = new InMemoryChangeSink();
        await _polling.Runner.RunAsync(scan, sink);

        Assert.Equal(failing.Attempted.Single().Id, Assert.Single(sink.Events).Id);
        Assert.Equal(subject, sink.Events[0].Subject);
    }

    private P21Client Client => _polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);

    private IFingerprintStore Fingerprints => _polling.Services.GetRequiredService<IFingerprintStore>();

    private async Task<(string DeleteKey, string Subject)> FirstKeyAsync(string entity)
    {
        // Take a record the first run published, and delete its primary row by the sandbox key.
        return entity switch
        {
            "sales-orders" => await FirstAsync("oe_hdr", "order_no", k => k),
            "customers" => await FirstAsync("customer", "customer_id", k => $"1,{k}"),
            _ => throw new ArgumentOutOfRangeException(nameof(entity)),
        };
    }

    private async Task<(string, string)> FirstAsync(string table, string column, Func<string, string> deleteKey)
    {
        await foreach (var row in Client.QueryAsync(new ODataQuery(table, Filter: "delete_flag eq 'N'", Select: [column], OrderBy: [column], PageSize: 1)))
        {
            var value = row[column].ValueKind == JsonValueKind.Number
                ? row.GetDecimal(column).ToString("0", CultureInfo.InvariantCulture)
                : row.GetString(column)!.Trim();
            return (deleteKey(value), value);
        }

        throw new InvalidOperationException($"No live {table} row.");
    }

    private async Task<string> SubjectAsync(string entity, string key)
    {
        var uid = key.Split(',')[^1];
        await foreach (var row in Client.QueryAsync(new ODataQuery("inv_mast", Filter: $"inv_mast_uid eq {uid}", Select: ["item_id"], OrderBy: ["item_id"])))
        {
            var itemId = row.GetString("item_id")!.Trim();
            return entity == "inventory" ? $"{itemId}@{key.Split(',')[0]}" : itemId;
        }

        throw new InvalidOperationException($"No item {uid}.");
    }

    private async Task DeleteAsync(string table, string key, bool hard)
    {
        using var response = await _http.DeleteAsync($"_sandbox/rows/{table}/{key}{(hard ? "?hard=true" : "")}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class FailingSink : IChangeSink
    {
        public List<ChangeEvent> Attempted { get; } = [];

        public Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
        {
            Attempted.AddRange(events);
            throw new InvalidOperationException("sink down");
        }
    }
}
