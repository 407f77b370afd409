namespace P21.Connector.Push;

/// <summary>The storefront platforms the push flow can update.</summary>
public enum PushPlatform
{
    /// <summary>Shopify, through the GraphQL Admin API.</summary>
    Shopify,

    /// <summary>BigCommerce, through the V3 Inventory and Catalog REST APIs.</summary>
    BigCommerce,

    /// <summary>WooCommerce, through the WC REST API v3.</summary>
    WooCommerce,

    /// <summary>Amazon (seller-fulfilled), through the Selling Partner API with the <c>Amazon:*</c> client.</summary>
    Amazon,
}
