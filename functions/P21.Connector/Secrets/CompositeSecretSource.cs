namespace P21.Connector.Secrets;

/// <summary>Asks each source in order and returns the first value found (Key Vault first, then settings).</summary>
public sealed class CompositeSecretSource : ISecretSource
{
    private readonly ISecretSource[] _sources;

    /// <summary>Creates the composite; earlier sources win.</summary>
    public CompositeSecretSource(params IEnumerable<ISecretSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = [.. sources];
        if (_sources.Length == 0)
        {
            throw new ArgumentException("At least one secret source is needed.", nameof(sources));
        }
    }

    /// <inheritdoc />
    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        foreach (var source in _sources)
        {
            if (await source.GetSecretAsync(name, cancellationToken).ConfigureAwait(false) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default)
    {
        foreach (var source in _sources)
        {
            await source.InvalidateAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }
}
