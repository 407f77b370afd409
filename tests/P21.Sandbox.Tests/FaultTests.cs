using System.Net;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private SandboxHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(new SandboxOptions { Customers = 5, Items = 10, SalesOrders = 2, PurchaseOrders = 1 });
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<List<HttpStatusCode>> HitAsync(int times)
    {
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < times; i++)
        {
            using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, "odataservice/odata/table/location", null));
            codes.Add(response.StatusCode);
        }

        return codes;
    }

    [Fact]
    public async Task ErrorRate_One_Gives500And503Only()
    {
        _host.Faults.ErrorRate = 1;
        List<HttpStatusCode> codes = await HitAsync(20);
        Assert.All(codes, static c => Assert.True(c is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable));
        Assert.Contains(HttpStatusCode.InternalServerError, codes);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, codes);
    }

    [Fact]
    public async Task Status429_CarriesRetryAfter()
    {
        _host.Faults.Status429Rate = 1;
        _host.Faults.RetryAfterSeconds = 7;
        using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, "odataservice/odata/table/location", null));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task TimeoutRate_HangsUntilClientGivesUp()
    {
        _host.Faults.TimeoutRate = 1;
        using var client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync("odataservice/odata/table/location"));
    }

    [Fact]
    public async Task Latency_StillAnswers()
    {
        _host.Faults.LatencyMs = 50;
        string token = await Api.TokenAsync(_http);
        Assert.Equal(3, (await Api.ODataAsync(_http, token, "odataservice/odata/table/location")).Count);
    }

    [Fact]
    public async Task Faults_NeverApplyToSandboxRoutes()
    {
        _host.Faults.ErrorRate = 1;
        (int status, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Get, "_sandbox/stats", null));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task SameSeed_GivesSameFaultSequence()
    {
        _host.Faults.ErrorRate = 0.5;
        _host.Faults.Seed = 99;
        List<HttpStatusCode> first = await HitAsync(16);
        _host.Faults.Seed = 99;
        List<HttpStatusCode> second = await HitAsync(16);
        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.Unauthorized, first);
    }

    [Fact]
    public async Task SameSeed_SameFaultsPerRequestWhateverTheArrivalOrder()
    {
        // A shared random sequence handed faults out in arrival order, so concurrent clients met different faults per run.
        string[] paths = ["odataservice/odata/table/location", "odataservice/odata/table/company", "odataservice/odata/table/carrier"];
        _host.Faults.ErrorRate = 0.5;
        _host.Faults.Seed = 13;
        Dictionary<string, List<HttpStatusCode>> inTurn = await HitEachAsync(paths, rounds: 8, interleave: true);
        _host.Faults.Seed = 13;
        Dictionary<string, List<HttpStatusCode>> oneAfterAnother = await HitEachAsync([.. paths.Reverse()], rounds: 8, interleave: false);

        foreach (string path in paths)
        {
            Assert.Equal(inTurn[path], oneAfterAnother[path]);
        }

        Assert.Contains(inTurn.Values.SelectMany(c => c), c => c is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public void Decide_SameRequestAfterItPassed_MeetsTheSameFaultRunAgain()
    {
        _host.Faults.ErrorRate = 0.6;
        _host.Faults.Seed = 3;
        List<string> first = Run(_host.Faults, "GET /x");
        List<string> second = Run(_host.Faults, "GET /x");
        Assert.Equal(first, second);
        Assert.Equal("None", first[^1]);

        static List<string> Run(SandboxFaults faults, string request)
        {
            List<string> decisions = [];
            for (int i = 0; i < 64; i++)
            {
                decisions.Add(faults.Decide(request).ToString());
                if (decisions[^1] == "None")
                {
                    break;
                }
            }

            return decisions;
        }
    }

    private async Task<Dictionary<string, List<HttpStatusCode>>> HitEachAsync(string[] paths, int rounds, bool interleave)
    {
        Dictionary<string, List<HttpStatusCode>> codes = paths.ToDictionary(p => p, _ => new List<HttpStatusCode>());
        IEnumerable<string> sequence = interleave
            ? Enumerable.Range(0, rounds).SelectMany(_ => paths)
            : paths.SelectMany(p => Enumerable.Repeat(p, rounds));
        foreach (string path in sequence)
        {
            using HttpResponseMessage response = await _http.SendAsync(Api.Request(HttpMethod.Get, path, null));
            codes[path].Add(response.StatusCode);
        }

        return codes;
    }

    [Fact]
    public async Task ControlEndpoint_SetsReadsAndResetsKnobs()
    {
        (int put, JsonNode? body) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/faults", null, json: """{"errorRate":0.25,"status429Rate":0.1,"retryAfterSeconds":3,"timeoutRate":0.05,"latencyMs":10,"seed":5}"""));
        Assert.Equal(200, put);
        Assert.Equal(0.25, body!["errorRate"]!.GetValue<double>());
        Assert.Equal(0.25, _host.Faults.ErrorRate);
        Assert.Equal(5, _host.Faults.Seed);
        (int bad, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Put, "_sandbox/faults", null, json: """{"errorRate":2}"""));
        Assert.Equal(400, bad);
        (int reset, _) = await Api.SendAsync(_http, Api.Request(HttpMethod.Delete, "_sandbox/faults", null));
        Assert.Equal(200, reset);
        Assert.Equal(0, _host.Faults.ErrorRate);
        Assert.Equal(0, _host.Faults.LatencyMs);
    }
}
