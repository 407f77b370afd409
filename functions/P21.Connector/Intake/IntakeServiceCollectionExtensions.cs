using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Connector.Intake;
using P21.Connector.Intake.Pulls;
using P21.Connector.Intake.Sources;
using P21.Connector.Settings;
using P21.Connector.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers inbound intake. The host also registers an <c>ICommandQueue</c> and an <c>ISecretSource</c>.</summary>
public static class IntakeServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="OrderIntake"/>, its options (section <c>Intake</c>, validated at start-up), the BigCommerce HTTP
    /// client and <see cref="IRecentOrders"/>: the <c>RecentOrders</c> table when <c>AddP21Storage</c> is registered
    /// with a real account (in either order), otherwise an in-memory ring; and <see cref="AmazonOrderPull"/> and
    /// <see cref="AmazonSettlementPull"/> and <see cref="AmazonReturnPull"/>, which need
    /// <c>AddP21Amazon</c> and <c>AddP21Storage</c> (as <c>AddP21Connector</c> registers them).
    /// </summary>
    public static IServiceCollection AddP21Intake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .Validate(o => o.ReplayWindow > TimeSpan.Zero, "Intake:ReplayWindow must be positive.")
            .Validate(o => o.BigCommerce.RequestTimeout > TimeSpan.Zero, "Intake:BigCommerce:RequestTimeout must be positive.")
            .ValidateOnStart();
        services.AddSettingPathValidator(IntakeOptions.SectionName, new IntakeOptionsValidator());
        services.AddHttpClient(BigCommerceSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TableRecentOrders>();
        services.TryAddSingleton<IRecentOrders>(RecentOrders);
        services.TryAddSingleton<OrderIntake>();

        // A factory: the pull's constructor is internal because the SP-API client it takes is.
        services.TryAddSingleton(sp => new AmazonOrderPull(
            sp.GetRequiredService<SpApiClient>(),
            sp.GetRequiredService<OrderIntake>(),
            sp.GetRequiredService<IWatermarkStore>(),
            sp.GetRequiredService<IMappingStore>(),
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<IParkedRecordStore>(),
            sp.GetRequiredService<IOptionsMonitor<AmazonOptions>>(),
            sp.GetRequiredService<IOptions<IntakeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AmazonOrderPull>>()));
        services.TryAddSingleton(sp => new AmazonSettlementPull(
            sp.GetRequiredService<SpApiClient>(),
            sp.GetRequiredService<OrderIntake>(),
            sp.GetRequiredService<IWatermarkStore>(),
            sp.GetRequiredService<IMappingStore>(),
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<IParkedRecordStore>(),
            sp.GetRequiredService<IOptionsMonitor<AmazonOptions>>(),
            sp.GetRequiredService<IOptions<IntakeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AmazonSettlementPull>>()));
        services.TryAddSingleton(sp => new AmazonReturnPull(
            sp.GetRequiredService<SpApiClient>(),
            sp.GetRequiredService<OrderIntake>(),
            sp.GetRequiredService<IWatermarkStore>(),
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<IParkedRecordStore>(),
            sp.GetRequiredService<IOptionsMonitor<AmazonOptions>>(),
            sp.GetRequiredService<IOptions<IntakeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AmazonReturnPull>>()));
        return services;
    }

    private static IRecentOrders RecentOrders(IServiceProvider services)
    {
        // Resolved lazily so AddP21Storage may come before or after AddP21Intake.
        // Storage mode first: in memory mode the table client cannot even be built.
        if (!services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesMemory && services.GetService<StorageTables>() is not null)
        {
            return services.GetRequiredService<TableRecentOrders>();
        }

        return new RecentOrdersBuffer(services.GetRequiredService<IOptions<IntakeOptions>>().Value.RecentOrdersCapacity);
    }
}
