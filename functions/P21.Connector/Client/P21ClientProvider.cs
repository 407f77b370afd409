using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Client.Auth;
using P21.Connector.Connections;

namespace P21.Connector.Client;

/// <summary>Creates one <see cref="P21Client"/> per connection on first use and keeps it.</summary>
internal sealed class P21ClientProvider(
    IOptions<ConnectorOptions> options,
    IHttpClientFactory httpClientFactory,
    P21TokenSources tokenSources,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    P21RegisteredConnections registered) : IP21ClientProvider
{
    private readonly ConcurrentDictionary<string, P21Client> _clients = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> ConnectionNames => [.. options.Value.Connections.Keys];

    public P21Client Get(string connectionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        return _clients.GetOrAdd(connectionName, name =>
        {
            if (!options.Value.Connections.TryGetValue(name, out P21ConnectionOptions? connection))
            {
                throw new ArgumentException(
                    $"No P21 connection is named '{name}'; configured: {string.Join(", ", options.Value.Connections.Keys)}. Add it under P21:Connections:{name}.",
                    nameof(connectionName));
            }

            if (!registered.Contains(name))
            {
                throw new InvalidOperationException(
                    $"P21 connection '{name}' was added after AddP21Client ran; connections must come from the configuration passed to AddP21Client.");
            }

            return new P21Client(connection, httpClientFactory, tokenSources.For(name), timeProvider, loggerFactory.CreateLogger<P21Client>());
        });
    }
}

/// <summary>The connection names that got an HTTP pipeline at registration.</summary>
internal sealed class P21RegisteredConnections(IEnumerable<string> names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.OrdinalIgnoreCase);

    public bool Contains(string name) => _names.Contains(name);
}
