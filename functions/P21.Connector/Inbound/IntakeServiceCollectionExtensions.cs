using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Inbound;
using P21.Connector.Inbound.Sources;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers inbound intake. The host also registers an <c>ICommandQueue</c> and an <c>ISecretSource</c>.</summary>
public static class IntakeServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OrderIntake"/>, its options (section <c>Intake</c>, validated at start-up) and the BigCommerce HTTP client.</summary>
    public static IServiceCollection AddP21Intake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ReplayWindow > TimeSpan.Zero, "Intake:ReplayWindow must be positive.")
            .Validate(o => o.BigCommerce.RequestTimeout > TimeSpan.Zero, "Intake:BigCommerce:RequestTimeout must be positive.")
            .ValidateOnStart();
        services.AddHttpClient(BigCommerceSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecentOrders>(sp => new RecentOrdersBuffer(sp.GetRequiredService<IOptions<IntakeOptions>>().Value.RecentOrdersCapacity));
        services.TryAddSingleton<OrderIntake>();
        return services;
    }
}