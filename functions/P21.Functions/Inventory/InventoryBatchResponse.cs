using P21.Connector.Poll.Availability;

namespace P21.Functions.Inventory;

/// <summary>The answer of <c>POST /api/inventory/batch</c>.</summary>
/// <param name="Items">Stock of each known item, in request order.</param>
/// <param name="Unknown">Requested ids P21 does not know.</param>
public sealed record InventoryBatchResponse(IReadOnlyList<ItemAvailability> Items, IReadOnlyList<string> Unknown);
