using Microsoft.Extensions.Configuration;

namespace P21.Connector.Secrets;

/// <summary>
/// Reads secrets from configuration key <c>Secrets:{name}</c>: local.settings.json, user secrets or environment
/// variables (<c>Secrets__{name}</c>, which is also how App Service Key Vault references arrive).
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
        return ValueTask.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    /// <inheritdoc />
    /// <remarks>Nothing is cached here: configuration providers reload on their own.</remarks>
    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}