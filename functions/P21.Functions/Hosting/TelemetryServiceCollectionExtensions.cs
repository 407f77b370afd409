using Azure.Core;
using Azure.Identity;
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

    /// <summary>
    /// The platform's setting for Entra ID ingestion (<c>ClientId=&lt;uami client id&gt;;Authorization=AAD</c>); Bicep sets it
    /// because App Insights is deployed with local (key) auth off.
    /// </summary>
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

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
        TokenCredential? credential = IngestionCredential(configuration[AzureMonitorAuthenticationSetting]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources).AddHttpClientInstrumentation();
                if (exportToAzure)
                {
                    tracing.AddAzureMonitorTraceExporter(o =>
                    {
                        o.ConnectionString = azureMonitor;
                        o.Credential = credential;
                    });
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
                    metrics.AddAzureMonitorMetricExporter(o =>
                    {
                        o.ConnectionString = azureMonitor;
                        o.Credential = credential;
                    });
                }
            });
        return services;
    }

    /// <summary>
    /// The credential the exporter must present when ingestion requires Entra ID (local auth off), or null for key-based
    /// ingestion. Without it, App Insights with <c>DisableLocalAuth</c> silently drops the worker's telemetry.
    /// </summary>
    internal static TokenCredential? IngestionCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        string? clientId = null;
        var aad = false;
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0].Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                aad = pair[1].Equals("AAD", StringComparison.OrdinalIgnoreCase);
            }
            else if (pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = pair[1];
            }
        }

        return !aad ? null : clientId is null ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned) : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
