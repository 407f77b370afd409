using Microsoft.Extensions.Options;

namespace P21.Connector.Secrets;

/// <summary>Checks <see cref="KeyVaultOptions"/> at start-up and says what to fix.</summary>
internal sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.VaultUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"KeyVault:VaultUri must be an absolute https:// URI such as https://my-vault.vault.azure.net/; got '{uri}'.");
        }

        if (options.CacheDuration <= TimeSpan.Zero)
        {
            failures.Add($"KeyVault:CacheDuration must be positive (e.g. 01:00:00); got '{options.CacheDuration}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
