using Microsoft.Extensions.Options;

using P21.Connector.Connections;

namespace P21.Connector.Client.Configuration;

/// <summary>Sets each connection's <see cref="P21ConnectionOptions.Name"/> from its configuration key.</summary>
internal sealed class ConnectionNamesFromKeys : IPostConfigureOptions<ConnectorOptions>
{
    public void PostConfigure(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach ((string key, P21ConnectionOptions connection) in options.Connections)
        {
            if (connection is not null)
            {
                connection.Name = key;
            }
        }
    }
}
