using System.Globalization;
using System.Net.Http.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>
/// The ties / late-commit property of the unit suite, against the sandbox over real HTTP: a fake clock makes many rows
/// share one second, pages of 3 put boundaries inside those ties, and some writes land with a timestamp up to 4 minutes
/// old (inside the 5-minute overlap). Whatever the interleaving, no state is published twice and every row's last event
/// is its final state.
/// </summary>
public class SandboxTiesPropertyTests
{
    private const int Items = 6;
    private const int Locations = 2;

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RunAsync_TiesPageBoundariesAndLateCommits_NoneMissedNoneTwice(int seed)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 1, Items = Items, Locations = Locations, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 },
            [new("P21:Polling:PageSize", "3"), new("P21:Connections:sandbox:Entities:inventory:Overlap", "00:05:00")],
            time);
        using var http = new HttpClient { BaseAddress = polling.Sandbox.BaseAddress };
        var keys = await KeysAsync(polling);
        var sink = new InMemoryChangeSink();
        var log = new List<string>();
        var quantity = 1000;

        for (var step = 0; step < 14; step++)
        {
            var late = random.Next(4) == 0 ? random.Next(1, 240) : 0;
            var burst = random.Next(0, 6);
            for (var i = 0; i < burst; i++)
            {
                var (location, uid) = keys[random.Next(keys.Count)];
                var row = new Dictionary<string, object> { ["location_id"] = location, ["inv_mast_uid"] = uid, ["qty_on_hand"] = ++quantity };
                if (late > 0)
                {
                    // Committed now, stamped earlier: what a long P21 transaction looks like to a poller.
                    row["date_last_modified"] = time.GetUtcNow().AddSeconds(-late).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
                }

                using var response = await http.PutAsJsonAsync("_sandbox/rows/inv_loc", row);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                log.Add($"{location}/{uid}={quantity}{(late > 0 ? $" late{late}" : "")}");
            }

            if (random.Next(3) > 0)
            {
                await polling.RunAsync("inventory", sink);
                log.Add("run");
            }

            time.Advance(TimeSpan.FromMilliseconds(random.Next(100, 700)));
        }

        await polling.RunAsync("inventory", sink);

        var events = sink.Events;
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        var last = events.GroupBy(e => e.Subject).ToDictionary(g => g.Key, g => g.Last().Data.GetProperty("onHand").GetDecimal());
        var live = await LiveOnHandAsync(polling);
        var wrong = live.Where(p => !last.TryGetValue(p.Key, out var q) || q != p.Value).Select(p => $"{p.Key}={p.Value}").ToList();
        Assert.True(wrong.Count == 0, $"stale or missing: {string.Join(", ", wrong)} | steps: {string.Join("; ", log)}");
    }

    private static P21Client Client(SandboxPolling polling) => polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);

    private static async Task<List<(long Location, long Uid)>> KeysAsync(SandboxPolling polling)
    {
        var keys = new List<(long, long)>();
        await foreach (var row in Client(polling).QueryAsync(new ODataQuery("inv_loc", Filter: "delete_flag eq 'N'", Select: ["location_id", "inv_mast_uid"], OrderBy: ["location_id", "inv_mast_uid"])))
        {
            keys.Add(((long)row.GetDecimal("location_id"), row.GetInt64("inv_mast_uid")));
        }

        return keys;
    }

    private static async Task<Dictionary<string, decimal>> LiveOnHandAsync(SandboxPolling polling)
    {
        var live = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await foreach (var row in Client(polling).QueryAsync(new ODataQuery("inv_loc", Filter: "delete_flag eq 'N'", Select: ["item_id", "location_id", "qty_on_hand"], OrderBy: ["location_id", "item_id"])))
        {
            live[$"{row.GetString("item_id")!.Trim()}@{row.GetDecimal("location_id").ToString("0", CultureInfo.InvariantCulture)}"] = row.GetDecimal("qty_on_hand");
        }

        return live;
    }
}
