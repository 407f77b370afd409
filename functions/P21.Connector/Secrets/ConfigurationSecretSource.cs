using Microsoft.Extensions.Configuration;

namespace P21.Connector.Secrets;

/// <summary>
/// Reads secrets from configuration key <c>Secrets:{name}</c>: local.settings.json, user secrets or environment
/// variables (<c>Secrets__{name}</c>, which is also how App Service Key Vault references arrive).
/// App setting names cannot hold <c>-</c> while Key Vault secret names use it, so <c>p21-main-password</c> is also
/// looked up as <c>Secrets:p21_main_password</c> (the name infra-bicep gives its Key Vault references).
/// A value that is still an unresolved <c>@Microsoft.KeyVault(...)</c> reference counts as no value.
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

        // App Service leaves an app setting's "@Microsoft.KeyVault(...)" text in place when it cannot resolve it (no
        // access, a wrong name). That text is never a secret: using it would send it to P21 as a password.
        return ValueTask.FromResult(string.IsNullOrEmpty(value) || IsUnresolvedKeyVaultReference(value) ? null : value);
    }

    /// <summary>Whether <paramref name="value"/> is an App Service Key Vault reference that was not resolved.</summary>
    public static bool IsUnresolvedKeyVaultReference(string value) =>
        value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    /// <remarks>Nothing is cached here: configuration providers reload on their own.</remarks>
    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
