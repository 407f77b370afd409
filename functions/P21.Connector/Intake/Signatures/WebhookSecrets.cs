using P21.Connector.Secrets;

namespace P21.Connector.Intake.Signatures;

/// <summary>
/// Verifies with the current secret and, on a mismatch, once more after dropping the cached value, so a secret
/// rotated in Key Vault is picked up without a restart.
/// </summary>
internal sealed class WebhookSecrets(ISecretSource secrets)
{
    public async ValueTask<SignatureVerdict> VerifyAsync(
        string source, string secretName, Func<string, SignatureVerdict> verify, CancellationToken cancellationToken)
    {
        var secret = await secrets.GetSecretAsync(secretName, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureVerdict.Unconfigured(source);
        }

        var verdict = verify(secret);
        if (!verdict.IsMismatch)
        {
            return verdict;
        }

        await secrets.InvalidateAsync(secretName, cancellationToken).ConfigureAwait(false);
        var fresh = await secrets.GetSecretAsync(secretName, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(fresh) || string.Equals(fresh, secret, StringComparison.Ordinal) ? verdict : verify(fresh);
    }

    public ValueTask<string?> GetAsync(string secretName, CancellationToken cancellationToken) =>
        secrets.GetSecretAsync(secretName, cancellationToken);
}
