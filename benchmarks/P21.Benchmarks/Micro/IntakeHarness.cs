using System.Globalization;
using System.Text;
using System.Threading.Channels;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;
using P21.Connector.Secrets;

namespace P21.Benchmarks.Micro;

/// <summary>
/// A real <see cref="OrderIntake"/> (secrets from configuration, system clock) that enqueues into a bounded in-memory
/// channel, and one correctly signed delivery per source built from the test samples.
/// </summary>
internal sealed class IntakeHarness : IDisposable
{
    public const string ShopifySecret = "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";
    public const string WooSecret = "wc-7GfQ1bX9sKp2LmZ4";
    public static readonly string GenericSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("generic-test-key-0123456789abcdef"));
    public static readonly string AmazonSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("amazon-test-key-0123456789abcdef"));

    public static readonly string[] Sources = ["shopify", "woocommerce", "generic", "amazon"];

    private readonly ServiceProvider _services;

    public IntakeHarness()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Secrets:webhook-shopify"] = ShopifySecret,
            ["Secrets:webhook-woocommerce"] = WooSecret,
            ["Secrets:webhook-generic"] = GenericSecret,
            ["Secrets:webhook-amazon"] = AmazonSecret,
        }).Build();
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        Intake = new OrderIntake(
            Options.Create(new IntakeOptions { Connection = "bench" }),
            new ConfigurationSecretSource(configuration),
            Queue,
            new RecentOrdersBuffer(200),
            _services.GetRequiredService<IHttpClientFactory>(),
            TimeProvider.System,
            NullLogger<OrderIntake>.Instance);
    }

    public OrderIntake Intake { get; }

    public ChannelCommandQueue Queue { get; } = new();

    /// <summary>A signed delivery of the source's sample order, stamped now (replay windows are 5 minutes).</summary>
    public static IntakeRequest Request(string source)
    {
        var now = DateTimeOffset.UtcNow;
        switch (source)
        {
            case "shopify":
                {
                    var body = Sample("shopify-orders-create.json");
                    return new IntakeRequest("shopify", "orders", "application/json", new Dictionary<string, string>
                    {
                        [ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, ShopifySecret),
                        [ShopifySignature.TopicHeader] = "orders/create",
                        [ShopifySignature.ShopDomainHeader] = "northwind-supply.myshopify.com",
                        [ShopifySignature.WebhookIdHeader] = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                        [ShopifySignature.TriggeredAtHeader] = now.AddSeconds(-3).ToString("O", CultureInfo.InvariantCulture),
                        ["X-Shopify-API-Version"] = "2026-10",
                    }, body);
                }

            case "woocommerce":
                {
                    var body = Sample("woocommerce-order-created.json");
                    return new IntakeRequest("woocommerce", "orders", "application/json", new Dictionary<string, string>
                    {
                        [WooCommerceSignature.SignatureHeader] = WooCommerceSignature.Sign(body, WooSecret),
                        [WooCommerceSignature.TopicHeader] = "order.created",
                        [WooCommerceSignature.DeliveryIdHeader] = "b1c8f8e0f2a1d3c4",
                        ["X-WC-Webhook-Resource"] = "order",
                        ["X-WC-Webhook-Event"] = "created",
                        ["X-WC-Webhook-Source"] = "https://okafor-plumbing.example/",
                    }, body);
                }

            case "generic":
                return StandardSigned("generic", Sample("generic-order.json"), GenericSecret, now);
            case "amazon":
                return StandardSigned("amazon", Sample("amazon-order.json"), AmazonSecret, now);
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "unknown source");
        }
    }

    public void Dispose() => _services.Dispose();

    private static IntakeRequest StandardSigned(string source, byte[] body, string secret, DateTimeOffset now)
    {
        const string Id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
        var at = now.ToUnixTimeSeconds();
        return new IntakeRequest(source, "orders", "application/json", new Dictionary<string, string>
        {
            [StandardWebhookSignature.IdHeader] = Id,
            [StandardWebhookSignature.TimestampHeader] = at.ToString(CultureInfo.InvariantCulture),
            [StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(Id, at, body, secret),
        }, body);
    }

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));
}

/// <summary>An in-memory queue that keeps the latest 1024 messages (older ones dropped), so a long run stays flat.</summary>
internal sealed class ChannelCommandQueue : ICommandQueue
{
    private readonly Channel<(string Id, string Body)> _channel = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public long Enqueued { get; private set; }

    public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        _channel.Writer.TryWrite((messageId, body));
        Enqueued++;
        return Task.CompletedTask;
    }
}
