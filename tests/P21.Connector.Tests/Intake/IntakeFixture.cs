using System.Text;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

/// <summary>A real <see cref="OrderIntake"/> with in-memory secrets, a recording queue and a fake clock.</summary>
internal sealed class IntakeFixture : IDisposable
{
    public const string ShopifySecret = "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";
    public const string WooSecret = "wc-7GfQ1bX9sKp2LmZ4";
    public const string BigCommerceToken = "bc-shared-2b7e151628aed2a6abf71588";
    public const string BigCommerceApiToken = "bc-api-token-not-real";
    public static readonly string GenericSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("generic-test-key-0123456789abcdef"));
    public static readonly string AmazonSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("amazon-test-key-0123456789abcdef"));

    private readonly ServiceProvider _services;

    public IntakeFixture(Uri? bigCommerceApi = null, Action<IntakeOptions>? configure = null, P21.Connector.Queues.CommandClaimCheck? claimCheck = null, IRecentOrders? recent = null)
    {
        Secrets.Set("webhook-shopify", ShopifySecret);
        Secrets.Set("webhook-woocommerce", WooSecret);
        Secrets.Set("webhook-bigcommerce", BigCommerceToken);
        Secrets.Set("bigcommerce-api-token", BigCommerceApiToken);
        Secrets.Set("webhook-generic", GenericSecret);
        Secrets.Set("webhook-clarity", GenericSecret);
        Secrets.Set("webhook-amazon", AmazonSecret);

        var options = new IntakeOptions { Connection = "acme" };
        options.GenericSources["clarity"] = "webhook-clarity";
        if (bigCommerceApi is not null)
        {
            options.BigCommerce.ApiBaseUrl = bigCommerceApi;
            options.BigCommerce.RequestTimeout = TimeSpan.FromSeconds(2);
        }

        configure?.Invoke(options);
        var services = new ServiceCollection();
        services.AddHttpClient();
        services.AddHttpClient("bigcommerce");
        _services = services.BuildServiceProvider();
        Intake = new OrderIntake(
            Options.Create(options),
            Secrets,
            Queue,
            recent ?? Recent,
            _services.GetRequiredService<IHttpClientFactory>(),
            Time,
            NullLogger<OrderIntake>.Instance,
            claimCheck);
        Options_ = options;
    }

    public IntakeOptions Options_ { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 16, 6, 0, TimeSpan.Zero));

    public DictionarySecretSource Secrets { get; } = new();

    public RecordingCommandQueue Queue { get; } = new();

    public RecentOrdersBuffer Recent { get; } = new(50);

    public OrderIntake Intake { get; }

    public Task<IntakeResult> SendAsync(IntakeRequest request) => Intake.AcceptAsync(request, CancellationToken.None);

    public IntakeRequest Shopify(byte[] body, Action<Dictionary<string, string>>? edit = null)
    {
        var headers = new Dictionary<string, string>
        {
            [ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, ShopifySecret),
            [ShopifySignature.TopicHeader] = "orders/create",
            [ShopifySignature.ShopDomainHeader] = "northwind-supply.myshopify.com",
            [ShopifySignature.WebhookIdHeader] = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
            [ShopifySignature.TriggeredAtHeader] = Time.GetUtcNow().AddSeconds(-3).ToString("O"),
            ["X-Shopify-API-Version"] = "2026-10",
        };
        edit?.Invoke(headers);
        return new IntakeRequest("shopify", "orders", "application/json", headers, body);
    }

    public IntakeRequest WooCommerce(byte[] body, Action<Dictionary<string, string>>? edit = null)
    {
        var headers = new Dictionary<string, string>
        {
            [WooCommerceSignature.SignatureHeader] = WooCommerceSignature.Sign(body, WooSecret),
            [WooCommerceSignature.TopicHeader] = "order.created",
            [WooCommerceSignature.DeliveryIdHeader] = "b1c8f8e0f2a1d3c4",
            ["X-WC-Webhook-Resource"] = "order",
            ["X-WC-Webhook-Event"] = "created",
            ["X-WC-Webhook-Source"] = "https://okafor-plumbing.example/",
        };
        edit?.Invoke(headers);
        return new IntakeRequest("woocommerce", "orders", "application/json", headers, body);
    }

    public IntakeRequest BigCommerce(byte[] body, Action<Dictionary<string, string>>? edit = null)
    {
        var headers = new Dictionary<string, string> { ["X-P21-Webhook-Token"] = BigCommerceToken };
        edit?.Invoke(headers);
        return new IntakeRequest("bigcommerce", "orders", "application/json; charset=utf-8", headers, body);
    }

    public IntakeRequest StandardSigned(
        string source, string kind, byte[] body, string secret, string contentType = "application/json",
        Action<Dictionary<string, string>>? edit = null, DateTimeOffset? signedAt = null)
    {
        var at = (signedAt ?? Time.GetUtcNow()).ToUnixTimeSeconds();
        const string Id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
        var headers = new Dictionary<string, string>
        {
            [StandardWebhookSignature.IdHeader] = Id,
            [StandardWebhookSignature.TimestampHeader] = at.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(Id, at, body, secret),
        };
        edit?.Invoke(headers);
        return new IntakeRequest(source, kind, contentType, headers, body);
    }

    public IntakeRequest Generic(string kind, byte[] body, string source = "generic", string contentType = "application/json") =>
        StandardSigned(source, kind, body, GenericSecret, contentType);

    public IntakeRequest Amazon(string kind, byte[] body, string contentType = "application/json") =>
        StandardSigned("amazon", kind, body, AmazonSecret, contentType);

    public void Dispose() => _services.Dispose();
}
