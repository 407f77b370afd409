namespace P21.Connector.Push;

/// <summary>What one push run did on the wire, counted by the adapters (thread-safe).</summary>
internal sealed class PushCounters
{
    private int _calls;
    private int _lookups;
    private int _itemsSet;
    private int _conflicts;
    private int _throttledWaits;

    public int Calls => _calls;

    public int Lookups => _lookups;

    public int ItemsSet => _itemsSet;

    public int Conflicts => _conflicts;

    public int ThrottledWaits => _throttledWaits;

    public void Call() => Interlocked.Increment(ref _calls);

    public void Lookup() => Interlocked.Increment(ref _lookups);

    public void Set(int count) => Interlocked.Add(ref _itemsSet, count);

    public void Conflict(int count) => Interlocked.Add(ref _conflicts, count);

    public void ThrottledWait() => Interlocked.Increment(ref _throttledWaits);
}
