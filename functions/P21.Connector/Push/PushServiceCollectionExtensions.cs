using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Connector.Push;
using P21.Connector.Push.Amazon;
using P21.Connector.Push.BigCommerce;
using P21.Connector.Push.Shopify;
using P21.Connector.Push.WooCommerce;
using P21.Connector.Secrets;
using P21.Connector.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the push flow (P21 change events → storefronts).</summary>
public static class PushServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PushDelivery"/>, <see cref="InventoryPush"/>, <see cref="ShipmentPush"/> and <see cref="OrderStatusPush"/>, their options (section <c>Push</c>, validated at start-up with failures naming the
    /// setting path), one inventory and one order adapter per <see cref="PushPlatform"/> (keyed by it) and their named HTTP clients.
    /// The mapping store, parked-record store and secret source come from <c>AddP21Storage</c> and <c>AddP21Secrets</c>.
    /// </summary>
    public static IServiceCollection AddP21Push(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PushOptions>().Bind(configuration.GetSection(PushOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>, PushOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // No client timeout: PushHttp times each attempt out itself, so a hung call is retried rather than thrown.
        foreach (string name in new[] { ShopifyGraphQL.HttpClientName, BigCommerceInventory.HttpClientName, WooCommerceInventory.HttpClientName })
        {
            services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan);
        }

        services.TryAddSingleton(sp => new PushHttp(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PushHttp>>()));
        services.TryAddSingleton(sp => new PushCredentials(sp.GetRequiredService<ISecretSource>()));
        services.TryAddSingleton(sp => new ShopifyGraphQL(sp.GetRequiredService<PushHttp>(), sp.GetRequiredService<PushCredentials>(), sp.GetRequiredService<ILogger<ShopifyGraphQL>>()));
        services.TryAddKeyedSingleton<IInventoryPlatform>(PushPlatform.Shopify, (sp, _) =>
            new ShopifyInventory(sp.GetRequiredService<ShopifyGraphQL>(), sp.GetRequiredService<ILogger<ShopifyInventory>>()));
        services.TryAddKeyedSingleton<IOrderPlatform>(PushPlatform.Shopify, (sp, _) =>
            new ShopifyOrders(sp.GetRequiredService<ShopifyGraphQL>(), sp.GetRequiredService<ILogger<ShopifyOrders>>()));
        services.TryAddKeyedSingleton<IInventoryPlatform>(PushPlatform.BigCommerce, (sp, _) =>
            new BigCommerceInventory(sp.GetRequiredService<PushHttp>(), sp.GetRequiredService<PushCredentials>(), sp.GetRequiredService<ILogger<BigCommerceInventory>>()));
        services.TryAddKeyedSingleton<IOrderPlatform>(PushPlatform.BigCommerce, (sp, _) =>
            new BigCommerceOrders(sp.GetRequiredService<PushHttp>(), sp.GetRequiredService<PushCredentials>(), sp.GetRequiredService<ILogger<BigCommerceOrders>>()));
        services.TryAddKeyedSingleton<IInventoryPlatform>(PushPlatform.WooCommerce, (sp, _) =>
            new WooCommerceInventory(sp.GetRequiredService<PushHttp>(), sp.GetRequiredService<PushCredentials>(), sp.GetRequiredService<ILogger<WooCommerceInventory>>()));
        services.TryAddKeyedSingleton<IOrderPlatform>(PushPlatform.WooCommerce, (sp, _) =>
            new WooCommerceOrders(sp.GetRequiredService<PushHttp>(), sp.GetRequiredService<PushCredentials>(), sp.GetRequiredService<ILogger<WooCommerceOrders>>()));
        // Amazon's adapters call through the SP-API client and its Login with Amazon tokens (section Amazon).
        services.AddP21Amazon(configuration);
        services.TryAddSingleton(sp => new AmazonCalls(sp.GetRequiredService<SpApiClient>(), sp.GetRequiredService<IOptionsMonitor<AmazonOptions>>()));
        services.TryAddKeyedSingleton<IInventoryPlatform>(PushPlatform.Amazon, (sp, _) =>
            new AmazonInventory(sp.GetRequiredService<AmazonCalls>(), sp.GetRequiredService<ILogger<AmazonInventory>>()));
        services.TryAddKeyedSingleton<IOrderPlatform>(PushPlatform.Amazon, (sp, _) =>
            new AmazonShipments(sp.GetRequiredService<AmazonCalls>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AmazonShipments>>()));
        services.TryAddSingleton(sp => new InventoryPush(
            sp.GetRequiredService<IOptionsMonitor<PushOptions>>(), sp, sp.GetRequiredService<IMappingStore>(),
            sp.GetRequiredService<IParkedRecordStore>(), sp.GetRequiredService<ILogger<InventoryPush>>()));
        services.TryAddSingleton(sp => new ShipmentPush(
            sp.GetRequiredService<IOptionsMonitor<PushOptions>>(), sp, sp.GetRequiredService<IMappingStore>(),
            sp.GetRequiredService<IParkedRecordStore>(), sp.GetRequiredService<ILogger<ShipmentPush>>()));
        services.TryAddSingleton(sp => new OrderStatusPush(
            sp.GetRequiredService<IOptionsMonitor<PushOptions>>(), sp, sp.GetRequiredService<IMappingStore>(),
            sp.GetRequiredService<IParkedRecordStore>(), sp.GetRequiredService<ILogger<OrderStatusPush>>()));
        services.TryAddSingleton<PushDelivery>();
        services.TryAddSingleton<ParkedPushes>();
        return services;
    }
}
