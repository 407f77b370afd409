using System.Collections.Concurrent;

using Microsoft.Extensions.Options;

using P21.Connector.Connections;

namespace P21.Connector.Client.Http;

/// <summary>Per-connection slots: <c>ReadConcurrency</c> for reads and tokens, <c>WriteConcurrency</c> for writes.</summary>
internal sealed class P21ConcurrencyGate(int reads, int writes) : IDisposable
{
    public SemaphoreSlim Reads { get; } = new(reads, reads);

    public SemaphoreSlim Writes { get; } = new(writes, writes);

    public void Dispose()
    {
        Reads.Dispose();
        Writes.Dispose();
    }
}

/// <summary>
/// Holds one gate per connection. Singleton, because IHttpClientFactory recycles handlers every few minutes and
/// the bound must hold across them.
/// </summary>
internal sealed class P21ConcurrencyGates(IOptions<ConnectorOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, P21ConcurrencyGate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public P21ConcurrencyGate For(string connection)
    {
        return _gates.GetOrAdd(connection, name =>
        {
            P21ConnectionOptions o = options.Value.Connections[name];
            return new P21ConcurrencyGate(o.ReadConcurrency, o.WriteConcurrency);
        });
    }

    public void Dispose()
    {
        foreach (P21ConcurrencyGate gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
