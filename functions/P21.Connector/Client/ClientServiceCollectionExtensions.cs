using System.Net;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Auth;
using P21.Connector.Client.Configuration;
using P21.Connector.Client.Health;
using P21.Connector.Client.Http;
using P21.Connector.Connections;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the P21 clients (one HTTP pipeline per connection) and connection health.</summary>
public static class ClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the connector, bound to the <c>P21</c> section of <paramref name="configuration"/>: validated options
    /// (at start-up), one HTTP pipeline per connection, token sources, <see cref="IP21ClientProvider"/> and
    /// <see cref="IConnectionHealth"/>. Needs an <see cref="P21.Connector.Secrets.ISecretSource"/> registered by the host.
    /// Calling it twice has no further effect.
    /// </summary>
    /// <remarks>Connections are read from <paramref name="configuration"/> here, so each gets its own named HttpClient.</remarks>
    public static IServiceCollection AddP21Client(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(P21ConnectorMarker)))
        {
            return services;
        }

        services.AddSingleton<P21ConnectorMarker>();
        IConfigurationSection section = configuration.GetSection(ConnectorOptions.SectionName);
        services.AddOptions<ConnectorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ConnectorOptions>, ConnectionNamesFromKeys>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>>(new ConnectorOptionsValidator(section)));

        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<P21TokenSources>();
        services.TryAddSingleton<P21ConcurrencyGates>();
        services.TryAddSingleton<P21RetryNotices>();
        services.TryAddSingleton<IP21ClientProvider, P21ClientProvider>();
        services.TryAddSingleton<IConnectionHealth, ConnectionHealth>();

        string[] names = [.. section.GetSection(nameof(ConnectorOptions.Connections)).GetChildren().Select(c => c.Key)];
        services.AddSingleton(new P21RegisteredConnections(names));
        foreach (string name in names)
        {
            AddConnectionPipeline(services, name);
        }

        return services;
    }

    // Outer to inner: Accept header → bearer token (401 cure) → Polly pipeline → concurrency bound + latency → socket.
    private static void AddConnectionPipeline(IServiceCollection services, string name)
    {
        services.AddHttpClient(P21HttpClientNames.For(name))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the pipeline owns timeouts
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Redirects are followed by P21HttpTransport, which keeps the bearer header that this handler would drop.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers() // the default loggers write full URLs, whose $filter may hold customer data
            .AddHttpMessageHandler(() => new AcceptJsonHandler())
            .AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredService<P21TokenSources>().For(name)))
            .AddResilienceHandler("P21", (builder, context) =>
            {
                P21ConnectionOptions options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.Connections[name];
                P21ResiliencePipeline.Configure(builder, options, context.ServiceProvider.GetRequiredService<P21RetryNotices>());
            });

        // AddResilienceHandler returns its own builder; this second call appends the innermost handler.
        services.AddHttpClient(P21HttpClientNames.For(name))
            .AddHttpMessageHandler(sp => new BoundedConcurrencyHandler(sp.GetRequiredService<P21ConcurrencyGates>().For(name), name));
    }

    private sealed class P21ConnectorMarker;
}
