namespace P21.Connector.Push;

/// <summary>What one push run (<see cref="InventoryPush"/>, <see cref="ShipmentPush"/>, <see cref="OrderStatusPush"/>, or all three) did for one target.</summary>
public sealed record PushReport
{
    /// <summary>The target's name.</summary>
    public required string Target { get; init; }

    /// <summary>Change events of the pushed types and the target's connection in the batch.</summary>
    public int Events { get; init; }

    /// <summary>Events replaced by a later one for the same item and location (pick ticket, order) in the same batch.</summary>
    public int Coalesced { get; init; }

    /// <summary>Events older than the change last pushed for their item and location (dropped).</summary>
    public int Stale { get; init; }

    /// <summary>Events that are the change last pushed (a redelivery; nothing to do).</summary>
    public int AlreadyPushed { get; init; }

    /// <summary>HTTP calls made (lookups, sets, re-reads and retries).</summary>
    public int Calls { get; init; }

    /// <summary>Calls that looked SKUs up on the platform (zero once every SKU is cached).</summary>
    public int Lookups { get; init; }

    /// <summary>Quantities the platform accepted.</summary>
    public int ItemsSet { get; init; }

    /// <summary>Compare-and-swap conflicts (the store's quantity had moved) resolved by re-reading and setting again.</summary>
    public int ConflictsResolved { get; init; }

    /// <summary>Changes parked (unmapped location, unknown SKU, refused by the platform).</summary>
    public int Parked { get; init; }

    /// <summary>Waits for the platform's rate limit (Shopify cost bucket, BigCommerce quota, 429 answers).</summary>
    public int ThrottledWaits { get; init; }

    /// <summary>Dry run only: the changes that would be set (before the SKU look-up, so an unknown SKU still counts here).</summary>
    public int WouldSet { get; init; }

    /// <summary>Shipments (fulfilments) created on the store.</summary>
    public int Shipped { get; init; }

    /// <summary>Orders cancelled or tagged on the store.</summary>
    public int OrdersUpdated { get; init; }

    /// <summary>Shipments and cancellations of P21 orders that did not come from this store (phone, EDI, another store): not pushed.</summary>
    public int NotFromStore { get; init; }

    /// <summary>This report and <paramref name="other"/> (of the same target) added up.</summary>
    public PushReport Plus(PushReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new PushReport
        {
            Target = Target,
            Events = Events + other.Events,
            Coalesced = Coalesced + other.Coalesced,
            Stale = Stale + other.Stale,
            AlreadyPushed = AlreadyPushed + other.AlreadyPushed,
            Calls = Calls + other.Calls,
            Lookups = Lookups + other.Lookups,
            ItemsSet = ItemsSet + other.ItemsSet,
            ConflictsResolved = ConflictsResolved + other.ConflictsResolved,
            Parked = Parked + other.Parked,
            ThrottledWaits = ThrottledWaits + other.ThrottledWaits,
            WouldSet = WouldSet + other.WouldSet,
            Shipped = Shipped + other.Shipped,
            OrdersUpdated = OrdersUpdated + other.OrdersUpdated,
            NotFromStore = NotFromStore + other.NotFromStore,
        };
    }
}
