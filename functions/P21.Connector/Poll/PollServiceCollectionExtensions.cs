using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Availability;
using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Pricing;
using P21.Connector.Poll.Schema;
using P21.Connector.Settings;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers flow 1 (poll) and live availability.</summary>
public static class PollServiceCollectionExtensions
{
    /// <summary>
    /// Adds the entity catalogue, <see cref="PollRunner"/>, <see cref="PollMetrics"/>, <see cref="InventoryAvailability"/>,
    /// <see cref="CustomerPrices"/> and <see cref="SchemaDriftCheck"/>, with <see cref="PollOptions"/> (<c>P21:Polling</c>),
    /// <see cref="AvailabilityOptions"/> (<c>P21:Availability</c>) and <see cref="PricingOptions"/> (<c>P21:Pricing</c>)
    /// validated at start-up. Needs an <c>IP21ClientProvider</c> and the stores (<c>AddP21Storage</c>). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddP21Poll(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var polling = services.AddOptions<PollOptions>();
        var availability = services.AddOptions<AvailabilityOptions>();
        var pricing = services.AddOptions<PricingOptions>();
        if (configuration is not null)
        {
            polling.Bind(configuration.GetSection(PollOptions.SectionName));
            availability.Bind(configuration.GetSection(AvailabilityOptions.SectionName));
            pricing.Bind(configuration.GetSection(PricingOptions.SectionName));
        }

        polling.ValidateOnStart();
        availability.ValidateOnStart();
        pricing.ValidateOnStart();
        services.AddSettingPathValidator(PollOptions.SectionName, new PollOptionsValidator());
        services.AddSettingPathValidator(AvailabilityOptions.SectionName, new AvailabilityOptionsValidator());
        services.AddSettingPathValidator(PricingOptions.SectionName, new PricingOptionsValidator());

        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.AddMemoryCache();
        services.TryAddSingleton(PollEntityCatalogue.Default);
        services.TryAddSingleton<PollMetrics>();
        services.TryAddSingleton<PollRunner>();
        services.TryAddSingleton<InventoryAvailability>();
        services.TryAddSingleton<CustomerPrices>();
        services.TryAddSingleton<SchemaDriftCheck>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="WebhookChangeSink"/> bound to <c>P21:Webhook</c> (validated at start-up) and its named HTTP client.
    /// Needs an <c>ISecretSource</c> (<c>AddP21Secrets</c>).
    /// </summary>
    public static IServiceCollection AddP21WebhookSink(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookSinkOptions>().Bind(configuration.GetSection(WebhookSinkOptions.SectionName)).ValidateOnStart();
        services.AddSettingPathValidator(WebhookSinkOptions.SectionName, new WebhookSinkOptionsValidator());
        services.AddHttpClient(WebhookSinkOptions.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookChangeSink>();
        return services;
    }
}
