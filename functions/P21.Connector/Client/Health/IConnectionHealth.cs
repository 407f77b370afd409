namespace P21.Connector.Client.Health;

/// <summary>Reports whether each configured P21 connection answers and accepts our credentials.</summary>
public interface IConnectionHealth
{
    /// <summary>Checks every connection (token + one small OData read); never throws for a P21 failure.</summary>
    Task<HealthReport> CheckAsync(CancellationToken cancellationToken = default);
}

/// <summary>The state of all connections: <c>Healthy</c> when every one is, else <c>Unhealthy</c>.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<ConnectionHealthEntry> Connections)
{
    /// <summary>True when every connection is reachable and authenticated.</summary>
    public bool IsHealthy => Status == "Healthy";
}

/// <summary>One connection's state. <see cref="Error"/> says what failed and what to fix; it never holds a secret.</summary>
public sealed record ConnectionHealthEntry(
    string Connection,
    bool Reachable,
    bool Authenticated,
    long? LatencyMs,
    string? Error);
