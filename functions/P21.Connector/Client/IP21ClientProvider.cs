namespace P21.Connector.Client;

/// <summary>Hands out the <see cref="P21Client"/> of each configured connection.</summary>
public interface IP21ClientProvider
{
    /// <summary>The configured connection names (keys under <c>P21:Connections</c>).</summary>
    IReadOnlyCollection<string> ConnectionNames { get; }

    /// <summary>The client of <paramref name="connectionName"/> (case-insensitive); the same instance every time.</summary>
    /// <exception cref="ArgumentException">No connection has that name; the message lists the configured ones.</exception>
    P21Client Get(string connectionName);
}
