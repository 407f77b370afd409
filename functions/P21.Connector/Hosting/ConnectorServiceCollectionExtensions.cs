using Microsoft.Extensions.Configuration;

using P21.Connector.Connections;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the connector's core services; every host (Functions app, CLI, tests) calls this once.</summary>
public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Adds the connector, bound to the <c>P21</c> section of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddP21Connector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.SectionName));
        return services;
    }
}