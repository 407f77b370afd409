namespace P21.Connector.Push;

/// <summary>One absolute quantity to set on a platform.</summary>
/// <param name="Sku">The SKU (the P21 <c>item_id</c>).</param>
/// <param name="PlatformItemId">The platform's id of the SKU (see <see cref="Storage.MappingKind.PushItem"/>).</param>
/// <param name="PlatformLocationId">The platform location (from <c>Locations</c>).</param>
/// <param name="Quantity">The absolute available quantity.</param>
/// <param name="LastPushed">The quantity this connector last set there, when known (Shopify's compare-and-swap value).</param>
internal sealed record InventorySet(string Sku, string PlatformItemId, string PlatformLocationId, int Quantity, int? LastPushed);

/// <summary>A set the platform refused for good: it is parked with <paramref name="Reason"/>.</summary>
/// <param name="Set">The refused set.</param>
/// <param name="Reason">The platform's words (or ours) an operator can act on.</param>
/// <param name="ForgetItem">Whether the cached platform id is wrong (deleted on the platform) and must be looked up again.</param>
internal sealed record SetRejection(InventorySet Set, string Reason, bool ForgetItem = false);
