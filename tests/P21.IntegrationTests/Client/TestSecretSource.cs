using System.Collections.Concurrent;

using P21.Connector.Secrets;

namespace P21.IntegrationTests.Client;

/// <summary>
/// A secret store with a cache in front, like Key Vault behind the real source: a changed value in
/// <see cref="Vault"/> is seen only after <see cref="InvalidateAsync"/>.
/// </summary>
internal sealed class TestSecretSource : ISecretSource
{
    private readonly ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);
    private int _invalidations;

    public ConcurrentDictionary<string, string> Vault { get; } = new(StringComparer.Ordinal);

    public int Invalidations => Volatile.Read(ref _invalidations);

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_cache.GetOrAdd(name, n => Vault.TryGetValue(n, out string? v) ? v : null));

    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _invalidations);
        _cache.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }
}
