using Microsoft.Extensions.Caching.Memory;

namespace P21.Connector.Poll;

/// <summary>
/// A memory cache whose entries expire on the injected clock: MemoryCache's own expiry runs on the machine clock, which
/// tests and a skewed host cannot steer; its relative expiration here only frees memory. A cached null (an unknown
/// item or customer) is a hit, so a crawler asking for junk ids cannot hammer P21.
/// </summary>
internal sealed class ClockedCache(IMemoryCache cache, TimeProvider time)
{
    public bool TryGet<T>(string key, out T? value)
        where T : class
    {
        if (cache.TryGetValue(key, out Entry<T>? entry) && entry is not null && entry.ExpiresUtc > time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="duration"/>; zero or less keeps nothing.</summary>
    public void Set<T>(string key, T? value, TimeSpan duration)
        where T : class
    {
        if (duration > TimeSpan.Zero)
        {
            cache.Set(key, new Entry<T>(value, time.GetUtcNow() + duration), duration);
        }
    }

    private sealed record Entry<T>(T? Value, DateTimeOffset ExpiresUtc);
}
