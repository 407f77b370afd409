using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Settings;
using P21.Connector.Storage;

using P21.Functions.Inventory;
using P21.Functions.Prices;

namespace P21.Functions.Hosting;

/// <summary>The whole composition of the Function App, callable without the Functions host (tests build it too).</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the connector (P21 clients, secrets, storage, poller, writer, intake), Service Bus messaging, the app's own
    /// services and telemetry. Every options class is validated at start-up, with messages that name the setting to fix.
    /// </summary>
    public static IServiceCollection AddP21Functions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddP21Functions(configuration, allowInMemoryStores: false);

    /// <summary>
    /// <see cref="AddP21Functions(IServiceCollection, IConfiguration)"/>, where tests may keep in-memory stores (one process,
    /// nothing to share); the app itself never passes <paramref name="allowInMemoryStores"/>.
    /// </summary>
    internal static IServiceCollection AddP21Functions(this IServiceCollection services, IConfiguration configuration, bool allowInMemoryStores)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services
            .AddP21Connector(configuration)
            .AddP21ServiceBus(configuration)
            .AddP21Telemetry(configuration);

        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName)).ValidateOnStart();
        services.AddSettingPathValidator(InventoryOptions.SectionName, new InventoryOptionsValidator());
        services.AddOptions<PricesOptions>().Bind(configuration.GetSection(PricesOptions.SectionName)).ValidateOnStart();
        services.AddSettingPathValidator(PricesOptions.SectionName, new PricesOptionsValidator());
        services.AddOptions<TimerSchedules>().Configure(schedules => TimerSchedules.Read(schedules, configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerSchedules>, TimerSchedulesValidator>());
        if (!allowInMemoryStores)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, InMemoryStoresRefused>());
        }

        return services;
    }
}
