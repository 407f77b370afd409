using Azure.Monitor.OpenTelemetry.Exporter;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace P21.Functions.Hosting;

/// <summary>OpenTelemetry for the Function App: Azure Monitor when configured, the console otherwise.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting that switches export to Azure Monitor (the name the Functions platform uses).</summary>
    public const string AzureMonitorConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The service name reported on every span and metric.</summary>
    public const string ServiceName = "p21-functions";

    // "P21.*" covers every ActivitySource and Meter of the connector; the worker's own source adds invocation spans.
    private static readonly string[] Sources = ["P21.*", "Microsoft.Azure.Functions.Worker"];

    /// <summary>
    /// Adds tracing and metrics for the connector and outgoing HTTP. With
    /// <see cref="AzureMonitorConnectionStringSetting"/> set, both go to Azure Monitor; without it, spans go to the
    /// console so a local <c>func start</c> shows them (console metrics would only add noise).
    /// </summary>
    public static IServiceCollection AddP21Telemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var azureMonitor = configuration[AzureMonitorConnectionStringSetting];
        var exportToAzure = !string.IsNullOrWhiteSpace(azureMonitor);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources).AddHttpClientInstrumentation();
                if (exportToAzure)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }
                else
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Sources).AddHttpClientInstrumentation();
                if (exportToAzure)
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            });
        return services;
    }
}