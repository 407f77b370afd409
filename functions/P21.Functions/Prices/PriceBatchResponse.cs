using P21.Connector.Poll.Pricing;

namespace P21.Functions.Prices;

/// <summary>The answer of <c>POST /api/prices/batch</c>.</summary>
/// <param name="Prices">One price per answerable line, in request order.</param>
/// <param name="UnknownCustomers">Customer ids P21 does not know.</param>
/// <param name="UnknownItems">Lines whose item P21 does not know.</param>
/// <param name="UnpriceableItems">Lines whose item id holds a <c>/</c>, which P21's price call cannot address.</param>
public sealed record PriceBatchResponse(IReadOnlyList<CustomerPrice> Prices, IReadOnlyList<string> UnknownCustomers, IReadOnlyList<PriceQuestion> UnknownItems, IReadOnlyList<PriceQuestion> UnpriceableItems);

/// <summary>The answer of <c>GET /api/prices/{customerId}</c>.</summary>
/// <param name="CustomerId">The customer, as P21 numbers it.</param>
/// <param name="Prices">One price per known item, in request order.</param>
/// <param name="UnknownItems">Requested item ids P21 does not know.</param>
/// <param name="UnpriceableItems">Requested item ids holding a <c>/</c>, which P21's price call cannot address.</param>
public sealed record CustomerPriceResponse(string CustomerId, IReadOnlyList<CustomerPrice> Prices, IReadOnlyList<string> UnknownItems, IReadOnlyList<string> UnpriceableItems);
