using Microsoft.Extensions.Configuration;

namespace P21.Connector.Secrets;

/// <summary>
/// Reads secrets from configuration key <c>Secrets:{name}</c>: local.settings.json, user secrets or environment
/// variables (<c>Secrets__{name}</c>, which is also how App Service Key Vault references arrive).
/// App setting names cannot hold <c>-</c> while Key Vault secret names use it, so <c>p21-main-password</c> is also
/// looked up as <c>Secrets:p21_main_password</c> (the name infra-bicep gives its Key Vault references).
/// </summary>
public sealed class ConfigurationSecretSource(IConfiguration configuration) : ISecretSource
{
    /// <summary>The configuration section that holds secrets.</summary>
    public const string SectionName = "Secrets";

    /// <inheritdoc />
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string? value = configuration[$"{SectionName}:{name}"];
        if (string.IsNullOrEmpty(value) && name.Contains('-', StringComparison.Ordinal))
        {
            value = configuration[$"{SectionName}:{name.Replace('-', '_')}"];
        }

        return ValueTask.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    /// <inheritdoc />
    /// <remarks>Nothing is cached here: configuration providers reload on their own.</remarks>
    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
