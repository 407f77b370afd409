namespace P21.Connector.Client;

/// <summary>Which configured P21 connection a caller means, for hosts that take it from a request (HTTP, CLI).</summary>
public static class ConnectionChoice
{
    /// <summary>
    /// The connection named by <paramref name="asked"/>, else by <paramref name="fallback"/> (a setting), else the only
    /// one configured; matched case-insensitively and returned as configured. Null when the name is not configured, or
    /// when several are and none was named: guessing would read another installation's stock.
    /// </summary>
    public static string? Resolve(IReadOnlyCollection<string> configured, string? asked, string? fallback)
    {
        ArgumentNullException.ThrowIfNull(configured);
        string? wanted = string.IsNullOrWhiteSpace(asked) ? fallback : asked;
        if (string.IsNullOrWhiteSpace(wanted))
        {
            return configured.Count == 1 ? configured.First() : null;
        }

        return configured.FirstOrDefault(n => string.Equals(n, wanted.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
