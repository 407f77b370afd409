using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one place every host composes the connector from: the shared layer, then each flow slice.</summary>
public static class HostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shared layer (secrets, P21 clients, stores, the command queue, the Amazon SP-API client) and the flow slices (poll, intake,
    /// write, push) from <paramref name="configuration"/>. Hosts add only what is theirs (triggers, sinks, telemetry).
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddP21Connector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services
            .AddP21Secrets(configuration)
            .AddP21Client(configuration)
            .AddP21CommandQueue(configuration)
            .AddP21Amazon(configuration)
            .AddP21Poll(configuration)
            .AddP21Intake(configuration)
            .AddP21Write(configuration)
            .AddP21Push(configuration);
    }
}
