namespace P21.Connector.Client.Models;

/// <summary>The result of probing one connection: a token, then <c>customer?$top=1</c>.</summary>
/// <param name="Connection">Connection name.</param>
/// <param name="Reachable">P21 answered over HTTP.</param>
/// <param name="Authenticated">A token was minted and accepted by the OData read.</param>
/// <param name="Latency">Time taken by the probe.</param>
/// <param name="Error">What failed and how to fix it; null when healthy. Never contains a secret.</param>
public sealed record ConnectionProbe(string Connection, bool Reachable, bool Authenticated, TimeSpan Latency, string? Error)
{
    /// <summary>True when reachable, authenticated and error-free.</summary>
    public bool IsHealthy => Reachable && Authenticated && Error is null;
}
