namespace P21.Connector.Secrets;

/// <summary>Where P21 credentials and webhook signing secrets come from (Key Vault in Azure, settings locally).</summary>
/// <remarks>Values are cached; <see cref="InvalidateAsync"/> drops the cache so a rotated secret is read again.</remarks>
public interface ISecretSource
{
    /// <summary>Returns the secret's current value, or null when no secret has that name.</summary>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached value of <paramref name="name"/> (after a 401 that a re-mint did not cure).</summary>
    ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default);
}
