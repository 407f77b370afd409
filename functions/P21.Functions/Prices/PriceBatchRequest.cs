namespace P21.Functions.Prices;

/// <summary>The body of <c>POST /api/prices/batch</c>.</summary>
/// <param name="Prices">The prices wanted.</param>
public sealed record PriceBatchRequest(IReadOnlyList<PriceBatchLine?>? Prices);

/// <summary>One price wanted.</summary>
/// <param name="CustomerId">The P21 customer id.</param>
/// <param name="ItemId">The P21 item id.</param>
/// <param name="Qty">The quantity; 1 when absent.</param>
public sealed record PriceBatchLine(string? CustomerId, string? ItemId, decimal? Qty);
