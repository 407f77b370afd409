using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Connections;
using P21.Connector.Secrets;

namespace P21.Connector.Client.Auth;

/// <summary>One <see cref="P21TokenSource"/> per connection, shared by every handler instance and client.</summary>
internal sealed class P21TokenSources(
    IOptions<ConnectorOptions> options,
    IHttpClientFactory httpClientFactory,
    ISecretSource secrets,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, P21TokenSource> _sources = new(StringComparer.OrdinalIgnoreCase);

    public P21TokenSource For(string connection)
    {
        return _sources.GetOrAdd(connection, name => new P21TokenSource(
            options.Value.Connections[name],
            httpClientFactory,
            secrets,
            timeProvider,
            loggerFactory.CreateLogger<P21TokenSource>()));
    }
}
