namespace P21.Connector.Commands;

/// <summary>What a marketplace-fulfilled order (Amazon FBA, <c>FulfillmentChannel: AFN</c>) does in P21.</summary>
public enum MarketplaceFulfilledPolicy
{
    /// <summary>Not written: the marketplace shipped it from its own stock, so P21 stock must not be allocated.</summary>
    Skip,

    /// <summary>Written with the source location <c>Writer:MarketplaceLocationId</c> (an FBA location), so stock and revenue follow.</summary>
    WriteToMarketplaceLocation,
}

/// <summary>
/// Which storefront orders may be written to P21 (section <c>Intake:Eligibility</c>, overridable per source under
/// <c>Intake:EligibilityBySource:{source}</c>). Safe defaults: only paid or authorized, open, real orders.
/// </summary>
public sealed class OrderEligibilityOptions
{
    /// <summary>Write orders still awaiting payment (a B2B portal on net terms sends such orders on purpose).</summary>
    /// <value>Default false.</value>
    public bool WriteUnpaid { get; set; }

    /// <summary>Write orders whose payment state the source does not send (generic feeds without a status).</summary>
    /// <value>Default true: a generic feed is trusted to send only what should be written.</value>
    public bool WriteUnknownPayment { get; set; } = true;

    /// <summary>Write the platform's test orders (Shopify <c>test: true</c>).</summary>
    /// <value>Default false.</value>
    public bool WriteTestOrders { get; set; }

    /// <summary>What marketplace-fulfilled orders do.</summary>
    /// <value>Default <see cref="MarketplaceFulfilledPolicy.Skip"/>.</value>
    public MarketplaceFulfilledPolicy MarketplaceFulfilled { get; set; } = MarketplaceFulfilledPolicy.Skip;
}
