using Microsoft.Azure.Functions.Worker;

using P21.Connector.Push;

using P21.Functions.Messaging;

namespace P21.Functions.Push;

/// <summary>
/// Flow 4 (P21 change → storefront): one function per platform on its subscription <c>push-{platform}</c> of
/// <c>p21-changes</c> (infra-bicep creates it for each platform in <c>pushPlatforms</c> and disables the others'
/// functions), each handing its batch to <see cref="PushDelivery"/>. A batch lets many changes of one SKU collapse into
/// one set; returning completes it, a throw redelivers it and dead-letters it after the subscription's max deliveries.
/// </summary>
public sealed class PushFunctions(PushDelivery delivery)
{
    /// <summary>The topic the push subscriptions are on (fixed; infra-bicep creates it).</summary>
    public const string ChangesTopic = "p21-changes";

    /// <summary>Pushes to every Shopify target.</summary>
    [Function("PushShopify")]
    public Task ShopifyAsync(
        [ServiceBusTrigger(ChangesTopic, "push-shopify", Connection = ServiceBusMessagingOptions.SectionName, IsBatched = true)] string[] bodies,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(PushPlatform.Shopify, bodies, cancellationToken);

    /// <summary>Pushes to every BigCommerce target.</summary>
    [Function("PushBigCommerce")]
    public Task BigCommerceAsync(
        [ServiceBusTrigger(ChangesTopic, "push-bigcommerce", Connection = ServiceBusMessagingOptions.SectionName, IsBatched = true)] string[] bodies,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(PushPlatform.BigCommerce, bodies, cancellationToken);

    /// <summary>Pushes to every WooCommerce target.</summary>
    [Function("PushWooCommerce")]
    public Task WooCommerceAsync(
        [ServiceBusTrigger(ChangesTopic, "push-woocommerce", Connection = ServiceBusMessagingOptions.SectionName, IsBatched = true)] string[] bodies,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(PushPlatform.WooCommerce, bodies, cancellationToken);

    /// <summary>Pushes to every Amazon target (seller-fulfilled quantities and shipment confirmations).</summary>
    [Function("PushAmazon")]
    public Task AmazonAsync(
        [ServiceBusTrigger(ChangesTopic, "push-amazon", Connection = ServiceBusMessagingOptions.SectionName, IsBatched = true)] string[] bodies,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(PushPlatform.Amazon, bodies, cancellationToken);
}
