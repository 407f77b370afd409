using System.Reflection;
using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

using P21.Connector.Client.Health;
using P21.Functions.Health;

namespace P21.Functions.Tests.Health;

public sealed class HealthFunctionTests
{
    private static readonly ConnectionHealthEntry SandboxUp = new("sandbox", Reachable: true, Authenticated: true, LatencyMs: 12, Error: null);

    private static readonly ConnectionHealthEntry ProductionDown = new(
        "production", Reachable: false, Authenticated: false, LatencyMs: null,
        Error: "Connection refused at https://p21.example.test/api; check P21:Connections:production:BaseUrl.");

    private static readonly ConnectionHealthEntry StagingBadPassword = new(
        "staging", Reachable: true, Authenticated: false, LatencyMs: 40,
        Error: "Token request answered 401; update secret p21-staging-password.");

    private readonly FakeLogger<HealthFunction> _logger = new();

    [Fact]
    public async Task RunAsync_AllConnectionsHealthy_Returns200WithReport()
    {
        var health = StubConnectionHealth.Returning(new HealthReport("Healthy", [SandboxUp]));

        var (status, json) = await InvokeAsync(health);

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("isHealthy").GetBoolean());
        var entry = Assert.Single(json.GetProperty("connections").EnumerateArray());
        Assert.Equal("sandbox", entry.GetProperty("connection").GetString());
        Assert.True(entry.GetProperty("reachable").GetBoolean());
        Assert.True(entry.GetProperty("authenticated").GetBoolean());
        Assert.Equal(12, entry.GetProperty("latencyMs").GetInt64());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task RunAsync_OneConnectionDown_Returns503WithEveryConnectionAndItsError()
    {
        var health = StubConnectionHealth.Returning(new HealthReport("Unhealthy", [SandboxUp, ProductionDown, StagingBadPassword]));

        var (status, json) = await InvokeAsync(health);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
        Assert.False(json.GetProperty("isHealthy").GetBoolean());
        var entries = json.GetProperty("connections").EnumerateArray().ToDictionary(e => e.GetProperty("connection").GetString()!);
        Assert.Equal(["production", "sandbox", "staging"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.False(entries["production"].GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entries["production"].GetProperty("latencyMs").ValueKind);
        Assert.Equal(ProductionDown.Error, entries["production"].GetProperty("error").GetString());
        Assert.True(entries["staging"].GetProperty("reachable").GetBoolean());
        Assert.False(entries["staging"].GetProperty("authenticated").GetBoolean());
        Assert.Equal(StagingBadPassword.Error, entries["staging"].GetProperty("error").GetString());
    }

    [Fact]
    public async Task RunAsync_NoConnectionsConfiguredAndReportUnhealthy_Returns503()
    {
        var health = StubConnectionHealth.Returning(new HealthReport("Unhealthy", []));

        var (status, json) = await InvokeAsync(health);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Empty(json.GetProperty("connections").EnumerateArray());
    }

    [Fact]
    public async Task RunAsync_CheckThrows_Returns503WithReasonAndLogsError()
    {
        var health = StubConnectionHealth.Throwing(new InvalidOperationException("P21:Connections is empty"));

        var (status, json) = await InvokeAsync(health);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
        Assert.Contains(nameof(InvalidOperationException), json.GetProperty("error").GetString(), StringComparison.Ordinal);
        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.IsType<InvalidOperationException>(record.Exception);
    }

    [Fact]
    public async Task RunAsync_CheckThrowsTimeoutWhileRequestActive_Returns503()
    {
        // An HttpClient timeout surfaces as TaskCanceledException although the caller did not cancel.
        var health = StubConnectionHealth.Throwing(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        var (status, _) = await InvokeAsync(health);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
    }

    [Fact]
    public async Task RunAsync_RequestAborted_PassesTokenAndPropagatesCancellation()
    {
        using var aborted = new CancellationTokenSource();
        var health = new StubConnectionHealth(ct =>
        {
            aborted.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(new HealthReport("Healthy", []));
        });
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new HealthFunction(health, _logger).RunAsync(context.Request));
        Assert.Equal(aborted.Token, health.LastToken);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void RunAsync_TriggerAttribute_IsAnonymousGetOnHealthRoute()
    {
        // The (params string[]) constructor silently means Anonymous; pin the level, verb and route explicitly.
        var method = typeof(HealthFunction).GetMethod(nameof(HealthFunction.RunAsync))!;
        var trigger = method.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal("Health", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
        Assert.Equal(["get"], trigger.Methods ?? []);
        Assert.Equal("health", trigger.Route);
    }

    private async Task<(int Status, JsonElement Json)> InvokeAsync(StubConnectionHealth health)
    {
        var services = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
        await using var _ = services;
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/health";
        using var body = new MemoryStream();
        context.Response.Body = body;

        var result = await new HealthFunction(health, _logger).RunAsync(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(1, health.Calls);
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        body.Position = 0;
        using var document = await JsonDocument.ParseAsync(body);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }
}
