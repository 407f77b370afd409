using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Client.Health;

/// <summary>Probes every configured connection in parallel (token + <c>customer?$top=1</c>).</summary>
internal sealed class ConnectionHealth(IP21ClientProvider clients) : IConnectionHealth
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        ConnectionProbe[] probes = await Task.WhenAll(clients.ConnectionNames.Select(name => ProbeAsync(name, cancellationToken))).ConfigureAwait(false);
        ConnectionHealthEntry[] entries = [.. probes.Select(p => new ConnectionHealthEntry(
            p.Connection, p.Reachable, p.Authenticated, (long)p.Latency.TotalMilliseconds, p.Error))];
        bool healthy = probes.Length > 0 && probes.All(p => p.IsHealthy);
        return new HealthReport(healthy ? "Healthy" : "Unhealthy", entries);
    }

    private async Task<ConnectionProbe> ProbeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await clients.Get(name).ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A probe reports, it never throws: anything unexpected becomes this connection's error.
            return new ConnectionProbe(name, false, false, TimeSpan.Zero, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
