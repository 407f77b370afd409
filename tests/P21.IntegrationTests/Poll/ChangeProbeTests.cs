using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.Extensions.Time.Testing;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>
/// The change probe against the sandbox's es views over HTTP: a quiet poll is one OData request per entity; a change in
/// any covered table, and one committed late inside the overlap, is still found; off or without the views, the streams
/// are read as before. One clock drives the sandbox and the connector, so nothing here waits.
/// </summary>
public sealed class ChangeProbeTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);
    private static readonly string[] Probed = ["items", "sales-orders", "vendors", "invoices"];

    private readonly FakeTimeProvider _time = new(Start);
    private SandboxPolling? _polling;
    private HttpClient? _http;

    private SandboxPolling Polling => _polling ?? throw new InvalidOperationException("StartAsync first.");

    private HttpClient Http => _http ?? throw new InvalidOperationException("StartAsync first.");

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_polling is not null)
        {
            await _polling.DisposeAsync();
        }
    }

    [Fact]
    public async Task QuietPoll_OneODataRequestPerProbedEntity_ToItsView_NoEvent()
    {
        await StartAsync();
        foreach (var entity in Probed)
        {
            await Polling.RunAsync(entity, new InMemoryChangeSink());
        }

        _time.Advance(TimeSpan.FromMinutes(30));
        var results = new List<PollResult>();
        var sink = new InMemoryChangeSink();
        await ResetStatsAsync();
        foreach (var entity in Probed)
        {
            results.Add(await Polling.RunAsync(entity, sink));
        }

        var (odata, byName) = await StatsAsync();

        Assert.All(results, r => Assert.True(r.Quiet, r.Entity));
        Assert.All(results, r => Assert.Equal(PollOutcome.Completed, r.Outcome));
        Assert.Equal(Probed.Length, odata);
        Assert.Equal(
            new Dictionary<string, long> { ["p21_view_es_invoice_hdr"] = 1, ["p21_view_es_item"] = 1, ["p21_view_es_sales_order"] = 1, ["p21_view_es_vendor"] = 1 },
            byName);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task FirstRun_NeverProbes()
    {
        await StartAsync();
        await ResetStatsAsync();

        var first = await Polling.RunAsync("items", new InMemoryChangeSink());
        var (_, byName) = await StatsAsync();

        Assert.False(first.Quiet);
        Assert.DoesNotContain("p21_view_es_item", byName.Keys);
        Assert.Contains("inv_mast_ud", byName.Keys);
    }

    [Fact]
    public async Task ChangeOnlyInTheUdTriggerTable_IsFound_ThenQuietAgainOnceTheOverlapHasPassed()
    {
        await StartAsync();
        await Polling.RunAsync("items", new InMemoryChangeSink());
        _time.Advance(TimeSpan.FromMinutes(30));
        var itemUid = await FirstAsync("inv_mast", "inv_mast_uid");
        await PutAsync("inv_mast_ud", $$"""{"inv_mast_uid":{{itemUid}},"web_category":"probe-test"}""");

        var changed = await StepAsync("items");

        // The next run still sees the change (its probe asks from the last full read less the overlap) and reads the
        // streams; the run after it, whose full read began over an overlap after the change, is quiet.
        var settling = await StepAsync("items", TimeSpan.FromMinutes(12));
        var quiet = await StepAsync("items", TimeSpan.FromMinutes(1));

        var item = Assert.Single(changed.Sink.Events);
        Assert.Equal("probe-test", item.Data.GetProperty("customFields").GetProperty("web_category").GetString());
        Assert.False(changed.Result.Quiet);
        Assert.False(settling.Result.Quiet);
        Assert.Empty(settling.Sink.Events);
        Assert.True(quiet.Result.Quiet);
        Assert.Equal(1, quiet.ODataRequests);
    }

    [Fact]
    public async Task ChangeOnlyInAnOrderLine_IsFound()
    {
        await StartAsync();
        await Polling.RunAsync("sales-orders", new InMemoryChangeSink());
        _time.Advance(TimeSpan.FromMinutes(30));
        var orderNo = await FirstAsync("oe_line", "order_no", "delete_flag eq 'N'");
        var lineNo = await FirstAsync("oe_line", "line_no", $"order_no eq '{orderNo}' and delete_flag eq 'N'");
        await PutAsync("oe_line", $$"""{"order_no":"{{orderNo}}","line_no":{{lineNo}},"qty_ordered":777}""");

        var changed = await StepAsync("sales-orders");

        var order = Assert.Single(changed.Sink.Events);
        Assert.Equal(orderNo, order.Subject);
        Assert.Contains(order.Data.GetProperty("lines").EnumerateArray(), l => l.GetProperty("qtyOrdered").GetDecimal() == 777m);
    }

    [Fact]
    public async Task LateCommitsInsideTheOverlap_AtTheWatermarkAndBeforeIt_AreFound()
    {
        await StartAsync();
        await Polling.RunAsync("items", new InMemoryChangeSink());
        _time.Advance(TimeSpan.FromMinutes(30));
        await PutAsync("inv_mast", """{"inv_mast_uid":990201,"item_id":"PROBE-1","item_desc":"at the watermark"}""");
        var atWatermark = _time.GetUtcNow();
        await StepAsync("items", TimeSpan.Zero);

        // Committed after that read, stamped with the watermark itself (a one-second tie) and 5 minutes before it.
        await PutAsync("inv_mast", $$"""{"inv_mast_uid":990202,"item_id":"PROBE-2","item_desc":"tie","date_last_modified":"{{Local(atWatermark)}}"}""");
        await PutAsync("inv_mast", $$"""{"inv_mast_uid":990203,"item_id":"PROBE-3","item_desc":"late","date_last_modified":"{{Local(atWatermark.AddMinutes(-5))}}"}""");
        var late = await StepAsync("items", TimeSpan.FromMinutes(1));

        Assert.False(late.Result.Quiet);
        Assert.Equal(["PROBE-2", "PROBE-3"], late.Sink.Events.Select(e => e.Subject).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    public async Task ChangeStampedAtTheLastFullReadLessTheOverlap_IsFound_OneSecondOlderIsOutsideTheProbe(int secondsPastTheEdge, bool quiet)
    {
        await StartAsync();
        await Polling.RunAsync("items", new InMemoryChangeSink());
        var fullRead = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(30));
        var stamp = fullRead - Overlap + TimeSpan.FromSeconds(secondsPastTheEdge);
        await PutAsync("inv_mast", $$"""{"inv_mast_uid":990204,"item_id":"PROBE-EDGE","date_last_modified":"{{Local(stamp)}}"}""");

        var run = await StepAsync("items", TimeSpan.Zero);

        // The probe's premise is the overlap's: a row is committed within the overlap of its timestamp. One stamped
        // earlier than the last full read less the overlap broke it; only the stream path may still catch it.
        Assert.Equal(quiet, run.Result.Quiet);
        Assert.Equal(quiet ? 0 : 1, run.Sink.Events.Count);
    }

    [Theory]
    [InlineData("P21:Polling:ChangeProbe")]
    [InlineData("P21:Connections:sandbox:ChangeProbe")]
    public async Task ProbeOff_QuietPollReadsEveryStream_AsBefore(string key)
    {
        await StartAsync(settings: [new(key, "false")]);
        await Polling.RunAsync("items", new InMemoryChangeSink());

        var quiet = await StepAsync("items", TimeSpan.FromMinutes(30));

        Assert.False(quiet.Result.Quiet);
        Assert.DoesNotContain("p21_view_es_item", quiet.ByName.Keys);
        Assert.True(quiet.ByName["inv_mast"] >= 1);
        Assert.True(quiet.ByName["inv_mast_ud"] >= 1);
    }

    [Fact]
    public async Task ViewsHidden_FallsBackOnce_ThenPollsTheStreams_AndStillFindsTriggerChanges()
    {
        await StartAsync(new SandboxOptions { Customers = 4, Items = 20, SalesOrders = 3, PurchaseOrders = 1, Vendors = 2, EnterpriseSearchViews = false });
        await Polling.RunAsync("items", new InMemoryChangeSink());

        var refused = await StepAsync("items", TimeSpan.FromMinutes(30));
        var remembered = await StepAsync("items", TimeSpan.FromMinutes(30));
        var itemUid = await FirstAsync("inv_mast", "inv_mast_uid");
        await PutAsync("inv_mast_ud", $$"""{"inv_mast_uid":{{itemUid}},"web_category":"no-views"}""");
        var changed = await StepAsync("items", TimeSpan.FromMinutes(1));

        Assert.Equal(PollOutcome.Completed, refused.Result.Outcome);
        Assert.False(refused.Result.Quiet);
        Assert.Equal(1, refused.ByName["p21_view_es_item"]);
        Assert.DoesNotContain("p21_view_es_item", remembered.ByName.Keys);
        Assert.Equal(refused.ODataRequests - 1, remembered.ODataRequests);
        Assert.Equal("no-views", Assert.Single(changed.Sink.Events).Data.GetProperty("customFields").GetProperty("web_category").GetString());
        Assert.DoesNotContain("p21_view_es_item", changed.ByName.Keys);
    }

    [Fact]
    public async Task ViewsHidden_OnOneConnection_OtherConnectionStillProbes()
    {
        await using var withViews = await SandboxPolling.StartAsync(time: _time);
        await StartAsync(
            new SandboxOptions { Customers = 4, Items = 20, SalesOrders = 3, PurchaseOrders = 1, Vendors = 2, EnterpriseSearchViews = false },
            [
                new("P21:Connections:other:BaseUrl", withViews.Sandbox.BaseAddress.ToString()),
                new("P21:Connections:other:UserName", "api_user"),
                new("P21:Connections:other:PasswordSecretName", "p21-password"),
                new("P21:Connections:other:ServerUtcOffset", "-05:00"),
            ]);
        var sink = new InMemoryChangeSink();
        await Polling.Runner.RunAllAsync("items", sink);
        _time.Advance(TimeSpan.FromMinutes(30));

        var results = await Polling.Runner.RunAllAsync("items", sink);

        Assert.False(results.Single(r => r.Connection == SandboxPolling.Connection).Quiet);
        Assert.True(results.Single(r => r.Connection == "other").Quiet);
    }

    private async Task StartAsync(SandboxOptions? options = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        _polling = await SandboxPolling.StartAsync(options, settings, _time);
        _http = new HttpClient { BaseAddress = _polling.Sandbox.BaseAddress };
    }

    /// <summary>Advances the clock (30 seconds unless told), resets the stats, runs once, and reads the stats.</summary>
    private async Task<Step> StepAsync(string entity, TimeSpan? advance = null)
    {
        _time.Advance(advance ?? TimeSpan.FromSeconds(30));
        await ResetStatsAsync();
        var sink = new InMemoryChangeSink();
        var result = await Polling.RunAsync(entity, sink);
        var (odata, byName) = await StatsAsync();
        return new Step(result, sink, odata, byName);
    }

    private async Task ResetStatsAsync()
    {
        using var response = await Http.DeleteAsync("_sandbox/stats");
        response.EnsureSuccessStatusCode();
    }

    private async Task<(long OData, IReadOnlyDictionary<string, long> ByName)> StatsAsync()
    {
        var stats = JsonNode.Parse(await Http.GetStringAsync("_sandbox/stats"))!;
        var odata = stats["requestsByFamily"]!["odata"]?.GetValue<long>() ?? 0;
        var byName = stats["odataRequestsByName"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>(), StringComparer.Ordinal);
        return (odata, byName);
    }

    private async Task PutAsync(string table, string json)
    {
        using var response = await Http.PutAsync($"_sandbox/rows/{table}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>One column of the first row of a table, in key order (call it before the stats are reset: it is a request).</summary>
    private async Task<string> FirstAsync(string table, string column, string? filter = null)
    {
        var query = $"odataservice/odata/table/{table}?$select={column}&$orderby={column}&$top=1" + (filter is null ? string.Empty : $"&$filter={filter}");
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var row = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!.AsArray().Single()!;
        return row[column]!.ToJsonString().Trim('"');
    }

    private async Task<string> TokenAsync()
    {
        using var response = await Http.PostAsync("api/security/token/v2", new StringContent("""{"username":"api_user","password":"api_password"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["AccessToken"]!.GetValue<string>();
    }

    // The sandbox's timestamps are server-local (-05:00), one-second resolution.
    private static string Local(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private sealed record Step(PollResult Result, InMemoryChangeSink Sink, long ODataRequests, IReadOnlyDictionary<string, long> ByName);
}
