using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Selling Partner API client.</summary>
public static class AmazonServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SP-API client and its Login with Amazon tokens, their options (section <c>Amazon</c>, validated at
    /// start-up with failures naming the setting path) and their named HTTP clients. The secret source comes from
    /// <c>AddP21Secrets</c>. Intake and push both call it; a second call adds nothing (a second <c>Bind</c> would append
    /// every <c>Amazon:MarketplaceIds</c> entry again, since the binder appends to an array it finds filled).
    /// </summary>
    public static IServiceCollection AddP21Amazon(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SpApiClient)))
        {
            return services;
        }

        services.AddOptions<AmazonOptions>().Bind(configuration.GetSection(AmazonOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmazonOptions>, AmazonOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // No client timeout: each attempt is timed out by the caller, so a hung call is retried rather than thrown.
        services.AddHttpClient(LwaTokens.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(SpApiClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(SpApiClient.DownloadClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<LwaTokens>();
        services.TryAddSingleton<SpApiPacing>();
        services.TryAddSingleton<SpApiClient>();
        services.TryAddSingleton<AmazonSellerCheck>(s => new AmazonSellerCheck(s.GetRequiredService<SpApiClient>(), s.GetRequiredService<LwaTokens>(), s.GetRequiredService<IOptionsMonitor<AmazonOptions>>(), s.GetRequiredService<TimeProvider>()));
        return services;
    }
}
