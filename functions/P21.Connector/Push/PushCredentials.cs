using P21.Connector.Secrets;

namespace P21.Connector.Push;

/// <summary>Reads a target's credential from <see cref="ISecretSource"/> by the name in its settings.</summary>
internal sealed class PushCredentials(ISecretSource secrets)
{
    /// <summary>The credential of <paramref name="target"/>.</summary>
    /// <exception cref="PushCredentialException">The secret source has no secret of that name.</exception>
    public async Task<string> GetAsync(PushTarget target, CancellationToken cancellationToken)
    {
        string name = target.Options.CredentialSecret;
        string? value = await secrets.GetSecretAsync(name, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(value)
            ? throw new PushCredentialException($"The secret '{name}' named by {target.SettingPath}:CredentialSecret was not found in the secret source (Key Vault, or Secrets:{name} locally).")
            : value;
    }

    /// <summary>Drops the cached value after the platform refused it (401/403), so a rotated secret is read again.</summary>
    public ValueTask InvalidateAsync(PushTarget target, CancellationToken cancellationToken) =>
        secrets.InvalidateAsync(target.Options.CredentialSecret, cancellationToken);
}
