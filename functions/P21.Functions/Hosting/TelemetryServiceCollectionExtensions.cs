using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;

using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace P21.Functions.Hosting;

/// <summary>OpenTelemetry for the Function App (host.json <c>telemetryMode</c> OpenTelemetry): Azure Monitor when configured, the console otherwise.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting that switches export to Azure Monitor (the name the Functions platform uses).</summary>
    public const string AzureMonitorConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// The platform's setting for Entra ID ingestion (<c>ClientId=&lt;uami client id&gt;;Authorization=AAD</c>); Bicep sets it
    /// because App Insights is deployed with local (key) auth off.
    /// </summary>
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    // "P21.*" covers every ActivitySource and Meter of the connector; UseFunctionsWorkerDefaults adds the worker's invocation spans.
    private const string ConnectorSources = "P21.*";

    /// <summary>
    /// Adds OpenTelemetry the way Microsoft documents it for the isolated worker with <c>"telemetryMode": "OpenTelemetry"</c>
    /// in host.json: <c>UseFunctionsWorkerDefaults()</c> (the worker's invocation spans, the Functions resource with the
    /// site name as service name, and the capability that tells the host to stop emitting the worker's telemetry on its
    /// behalf, so nothing is counted twice), then the connector's sources, meters and outgoing HTTP. With
    /// <see cref="AzureMonitorConnectionStringSetting"/> set, traces, metrics and logs go to Azure Monitor; the host
    /// links its own request spans to the worker's through the trace context it passes on every invocation. Without it,
    /// spans go to the console so a local <c>func start</c> shows them (console metrics would only add noise).
    /// </summary>
    public static IServiceCollection AddP21Telemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var azureMonitor = configuration[AzureMonitorConnectionStringSetting];
        var exportToAzure = !string.IsNullOrWhiteSpace(azureMonitor);
        TokenCredential? credential = IngestionCredential(configuration[AzureMonitorAuthenticationSetting]);

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing =>
            {
                tracing.AddSource(ConnectorSources).AddHttpClientInstrumentation();
                if (!exportToAzure)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics => metrics.AddMeter(ConnectorSources).AddHttpClientInstrumentation());
        if (exportToAzure)
        {
            // One call for all three signals: the host no longer forwards the worker's logs once the worker exports its own.
            telemetry.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = azureMonitor;
                o.Credential = credential;
            });
        }

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
