using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Secrets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the connector's <see cref="ISecretSource"/>.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ISecretSource"/>: Key Vault (managed identity; <c>KeyVault:ClientId</c> or <c>AZURE_CLIENT_ID</c>)
    /// backed by <c>Secrets:{name}</c> settings when <c>KeyVault:VaultUri</c> is set, else the settings alone.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddP21Secrets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KeyVaultOptions>().Bind(configuration.GetSection(KeyVaultOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<ISecretSource>(sp =>
        {
            var settings = new ConfigurationSecretSource(configuration);
            var options = sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value;
            if (options.VaultUri is null)
            {
                return settings;
            }

            string? clientId = options.ClientId ?? configuration["AZURE_CLIENT_ID"];
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId });
            var vault = new KeyVaultSecretSource(
                new SecretClient(options.VaultUri, credential),
                sp.GetRequiredService<TimeProvider>(),
                options.CacheDuration,
                sp.GetRequiredService<ILogger<KeyVaultSecretSource>>());
            return new CompositeSecretSource(vault, settings);
        });
        return services;
    }
}
