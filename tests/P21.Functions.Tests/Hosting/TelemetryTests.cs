using System.Diagnostics;
using System.Text.Json;

using Azure.Identity;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

using P21.Functions.Hosting;

namespace P21.Functions.Tests.Hosting;

public class TelemetryTests
{
    // A well-formed connection string whose endpoint nothing listens on: nothing here waits for an export.
    private const string AzureMonitor = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authorization=Key")]
    public void IngestionCredential_NoEntraIdIngestion_Null(string? authenticationString) =>
        Assert.Null(TelemetryServiceCollectionExtensions.IngestionCredential(authenticationString));

    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=aad; ClientId=00000000-0000-0000-0000-000000000001")]
    [InlineData("Authorization=AAD")]
    public void IngestionCredential_EntraIdIngestion_ManagedIdentityCredential(string authenticationString) =>
        Assert.IsType<ManagedIdentityCredential>(TelemetryServiceCollectionExtensions.IngestionCredential(authenticationString));

    [Fact]
    public void HostJson_TelemetryMode_IsOpenTelemetry()
    {
        // The host's half of the model: without it the host keeps its Application Insights SDK and counts requests itself.
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")));

        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
        Assert.False(host.RootElement.GetProperty("logging").TryGetProperty("applicationInsights", out _), "host.json's applicationInsights settings do nothing in OpenTelemetry mode; remove them");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(AzureMonitor)]
    public void AddP21Telemetry_TellsTheHostTheWorkerEmitsItsOwnTelemetry(string? connectionString)
    {
        using var services = Build(connectionString);

        var capabilities = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;

        Assert.Equal(bool.TrueString, capabilities["WorkerOpenTelemetryEnabled"]);
    }

    [Fact]
    public void AddP21Telemetry_AzureMonitor_ExportsLogsFromTheWorker()
    {
        // Once the capability is set the host stops forwarding the worker's logs, so the worker must export them.
        using var services = Build(AzureMonitor);

        Assert.Contains(services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
    }

    [Fact]
    public void AddP21Telemetry_TracesTheConnectorAndTheWorkerInvocations()
    {
        // The tracer sees every activity in the process, including other tests' outgoing HTTP calls running in parallel;
        // this test's spans share a trace of their own, and only that trace is asserted on.
        var trace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var exported = new List<Activity>();
        var services = new ServiceCollection();
        services.AddP21Telemetry(new ConfigurationBuilder().Build());
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<TracerProvider>();
            using var connector = new ActivitySource("P21.Connector.Client");
            using var worker = new ActivitySource("Microsoft.Azure.Functions.Worker");
            using var unrelated = new ActivitySource("Someone.Else");
            connector.StartActivity("P21Client.QueryAsync", ActivityKind.Client, trace)?.Dispose();
            worker.StartActivity("Invoke", ActivityKind.Server, trace)?.Dispose();
            unrelated.StartActivity("Noise", ActivityKind.Internal, trace)?.Dispose();
        }

        // The provider is disposed: nothing is exported into the list any more.
        Assert.Equal(["P21Client.QueryAsync", "Invoke"], exported.Where(a => a.TraceId == trace.TraceId).Select(a => a.DisplayName));
    }

    private static ServiceProvider Build(string? connectionString)
    {
        var settings = new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.AzureMonitorConnectionStringSetting] = connectionString };
        return new ServiceCollection()
            .AddP21Telemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
    }
}
