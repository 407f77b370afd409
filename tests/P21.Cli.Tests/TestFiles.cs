using System.Net;
using System.Net.Sockets;
using System.Text;

using P21.Cli.Commands.Demo;

namespace P21.Cli.Tests;

/// <summary>Temporary files and settings shared by the command tests.</summary>
internal static class TestFiles
{
    public const string ShopifySecret = "test-shopify-secret";

    public static string Storage => Environment.GetEnvironmentVariable("P21_TEST_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

    public static string Write(string content, string extension = ".json")
    {
        string path = Path.Combine(Path.GetTempPath(), "p21-cli-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A settings file with the writer's defaults (sandbox values) and the Shopify signing secret.</summary>
    public static string WriterSettings() => Write($$"""
        {
          "Secrets": { "webhook-shopify": "{{ShopifySecret}}" },
          "Writer": {
            "DefaultSalesLocationId": "10", "DefaultSalesrepId": "SR01", "DefaultBranch": "10",
            "ChargeItems": { "Freight": "FREIGHT", "Handling": "HANDLING", "GiftWrap": "GIFTWRAP", "Fee": "FEE" },
            "NotesField": "delivery_instructions"
          }
        }
        """);

    public static string ShopifyOrder(long id, params (string Sku, decimal Price, int Quantity)[] lines) =>
        Write(Encoding.UTF8.GetString(DemoOrder.Shopify(id, DateTimeOffset.UtcNow, lines)));

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static long NewOrderId() => 7_000_000_000_000 + Random.Shared.NextInt64(1, 1_000_000_000);
}
