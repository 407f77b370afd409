namespace P21.Functions.Inventory;

/// <summary>The body of <c>POST /api/inventory/batch</c>.</summary>
/// <param name="ItemIds">The P21 item ids to look up.</param>
public sealed record InventoryBatchRequest(IReadOnlyList<string>? ItemIds);
