using System.Collections.Concurrent;

namespace P21.Sandbox;

/// <summary>Request counts by route family and rows served, for benchmarks and assertions.</summary>
public sealed class SandboxStats
{
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _withoutJsonAccept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _odataByName = new(StringComparer.Ordinal);
    private long _rowsServed;
    private long _faultsInjected;

    /// <summary>OData rows written to responses since start (or the last reset).</summary>
    public long RowsServed => Interlocked.Read(ref _rowsServed);

    /// <summary>Requests answered by an injected fault.</summary>
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    /// <summary>Total requests seen, /_sandbox excluded.</summary>
    public long TotalRequests => _requests.Where(static p => p.Key != "sandbox").Sum(static p => p.Value);

    /// <summary>Snapshot of request counts by family (token, router, odata, transaction, gl, sales-orders, inventory, prices, entity, data-services, sandbox, other).</summary>
    public IReadOnlyDictionary<string, long> RequestsByFamily => new Dictionary<string, long>(_requests, StringComparer.Ordinal);

    /// <summary>Requests seen for one family.</summary>
    public long Requests(string family) => _requests.TryGetValue(family, out long n) ? n : 0;

    /// <summary>
    /// API requests (/_sandbox excluded) whose <c>Accept</c> did not name <c>application/json</c>, by family: real P21
    /// answers those with XML or an empty 500 on some families and JSON on others (tokens, <c>$metadata</c>), so a
    /// client passing here could still be missing the header where the sandbox happens to be forgiving.
    /// </summary>
    public IReadOnlyDictionary<string, long> RequestsWithoutJsonAccept => new Dictionary<string, long>(_withoutJsonAccept, StringComparer.Ordinal);

    /// <summary>OData collection requests by table or view name (lower case; unknown names too, <c>$metadata</c> not).</summary>
    public IReadOnlyDictionary<string, long> ODataRequestsByName => new Dictionary<string, long>(_odataByName, StringComparer.Ordinal);

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        _requests.Clear();
        _withoutJsonAccept.Clear();
        _odataByName.Clear();
        Interlocked.Exchange(ref _rowsServed, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
    }

    internal void CountRequest(string family) => _requests.AddOrUpdate(family, 1, static (_, n) => n + 1);

    internal void CountWithoutJsonAccept(string family) => _withoutJsonAccept.AddOrUpdate(family, 1, static (_, n) => n + 1);

    internal void CountODataName(string name) => _odataByName.AddOrUpdate(name, 1, static (_, n) => n + 1);

    internal void AddRows(long rows) => Interlocked.Add(ref _rowsServed, rows);

    internal void CountFault() => Interlocked.Increment(ref _faultsInjected);

    internal static string FamilyOf(PathString path)
    {
        string p = path.Value ?? string.Empty;
        return p switch
        {
            _ when p.StartsWith("/_sandbox", StringComparison.OrdinalIgnoreCase) => "sandbox",
            _ when p.StartsWith("/api/security/token", StringComparison.OrdinalIgnoreCase) => "token",
            _ when p.StartsWith("/api/ui/router", StringComparison.OrdinalIgnoreCase) => "router",
            _ when p.StartsWith("/odataservice", StringComparison.OrdinalIgnoreCase) => "odata",
            _ when p.StartsWith("/data/erp", StringComparison.OrdinalIgnoreCase) => "data-services",
            _ when p.StartsWith("/uiserver0/api/v2/transaction", StringComparison.OrdinalIgnoreCase) => "transaction",
            _ when p.StartsWith("/uiserver0", StringComparison.OrdinalIgnoreCase) => "uiserver",
            _ when p.StartsWith("/api/accounting/gl", StringComparison.OrdinalIgnoreCase) => "gl",
            _ when p.StartsWith("/api/sales/orders", StringComparison.OrdinalIgnoreCase) => "sales-orders",
            _ when p.StartsWith("/api/inventory", StringComparison.OrdinalIgnoreCase) && p.Contains("/v2/price", StringComparison.OrdinalIgnoreCase) => "prices",
            _ when p.StartsWith("/api/inventory/parts", StringComparison.OrdinalIgnoreCase) => "inventory",
            _ when p.StartsWith("/api/entity", StringComparison.OrdinalIgnoreCase) => "entity",
            _ => "other",
        };
    }
}
