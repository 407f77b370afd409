namespace P21.Connector.Client.Http;

/// <summary>Names of the IHttpClientFactory clients, one per connection.</summary>
internal static class P21HttpClientNames
{
    public static string For(string connection) => "P21:" + connection;
}
