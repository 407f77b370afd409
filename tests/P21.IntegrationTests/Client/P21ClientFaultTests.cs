using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

/// <summary>Every fault knob of the sandbox: the reads still return exactly the rows they return without faults.</summary>
public class P21ClientFaultTests
{
    public static TheoryData<string> Faults => ["latency", "errors", "throttling", "timeouts", "everything"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Reads_UnderFault_ReturnSameRowsAsWithoutFaults(string fault)
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(
            new SandboxOptions { Customers = 45 },
            configure: s => s["P21:Connections:main:RequestTimeout"] = "00:00:01");
        var query = new ChangeQuery("customer", ["company_id", "customer_id"], PageSize: 6);
        List<string> expectedKeyset = await P21ClientAuthTests.KeysAsync(p21.Client.ReadChangedPagesAsync(query));
        List<string> expectedOffset = await OffsetKeysAsync(p21.Client);

        p21.Host.Faults.Seed = 7;
        switch (fault)
        {
            case "latency":
                p21.Host.Faults.LatencyMs = 150;
                break;
            case "errors":
                p21.Host.Faults.ErrorRate = 0.3;
                break;
            case "throttling":
                p21.Host.Faults.Status429Rate = 0.3;
                p21.Host.Faults.RetryAfterSeconds = 1;
                break;
            case "timeouts":
                p21.Host.Faults.TimeoutRate = 0.15;
                break;
            default:
                p21.Host.Faults.LatencyMs = 20;
                p21.Host.Faults.ErrorRate = 0.15;
                p21.Host.Faults.Status429Rate = 0.1;
                p21.Host.Faults.RetryAfterSeconds = 0;
                p21.Host.Faults.TimeoutRate = 0.05;
                break;
        }

        List<string> keyset = await P21ClientAuthTests.KeysAsync(p21.Client.ReadChangedPagesAsync(query));
        List<string> offset = await OffsetKeysAsync(p21.Client);

        Assert.Equal(expectedKeyset, keyset);
        Assert.Equal(expectedOffset, offset);
        if (fault != "latency")
        {
            Assert.True(p21.Host.Stats.FaultsInjected > 0, "the fault knob never fired; the test proved nothing");
        }
    }

    [Fact]
    public async Task ReadChangedPages_EveryTokenRevokedAfterEachPage_ReturnsSameRows()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 30 });
        var query = new ChangeQuery("customer", ["company_id", "customer_id"], PageSize: 5);
        List<string> expected = await P21ClientAuthTests.KeysAsync(p21.Client.ReadChangedPagesAsync(query));
        long mintsBefore = p21.TokenRequests;
        using var control = new HttpClient { BaseAddress = p21.Host.BaseAddress };

        var keys = new List<string>();
        int pages = 0;
        await foreach (P21Page page in p21.Client.ReadChangedPagesAsync(query))
        {
            keys.AddRange(page.Rows.Select(P21ClientAuthTests.Key));
            pages++;
            using HttpResponseMessage revoked = await control.PostAsync("_sandbox/tokens/revoke", null);
            revoked.EnsureSuccessStatusCode();
        }

        Assert.Equal(expected, keys);
        Assert.Equal(6, pages);
        Assert.Equal(mintsBefore + 6, p21.TokenRequests); // one re-mint per revocation (the 7th, empty page included)
    }

    [Fact]
    public async Task CountAsync_AlwaysFailing_ThrowsTransientAfterRetries()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 2 });
        await p21.Client.CountAsync("customer", null); // token minted before the outage
        p21.Host.Faults.ErrorRate = 1.0;
        long before = p21.Host.Stats.Requests("odata");

        P21RequestFailedException ex = await Assert.ThrowsAsync<P21RequestFailedException>(() => p21.Client.CountAsync("customer", null));

        Assert.True(ex.IsTransient);
        Assert.True(ex.Status is 500 or 503);
        Assert.Equal(5, p21.Host.Stats.Requests("odata") - before); // first attempt + 4 retries
    }

    private static async Task<List<string>> OffsetKeysAsync(P21Client client)
    {
        var keys = new List<string>();
        await foreach (P21Row row in client.QueryAsync(new ODataQuery("customer", OrderBy: ["company_id", "customer_id"], PageSize: 8)))
        {
            keys.Add(P21ClientAuthTests.Key(row));
        }

        return keys;
    }
}
