using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(ReturnCreate), "Return.Create")]
public abstract partial record WriteCommandPayload;

/// <summary>One returned line.</summary>
public sealed record ReturnLine(string Sku, decimal Quantity, decimal? UnitPrice, string? Reason);

/// <summary>Create a return (RMA) against an order created earlier from <see cref="ExternalOrderId"/>.</summary>
/// <param name="ExternalReturnId">The platform's id of the return (P21 keeps it as <c>RMA-{id}</c> in <c>web_reference_no</c>).</param>
/// <param name="ExternalOrderId">The platform's id of the returned order.</param>
/// <param name="Lines">The returned lines.</param>
/// <param name="Notes">Free text about the return.</param>
/// <param name="FulfilledByMarketplace">The units went back to the marketplace's warehouse (an FBA customer return), so the
/// return is booked at <c>Writer:MarketplaceLocationId</c>, where the order shipped from, not the default sales location.</param>
public sealed record ReturnCreate(
    string ExternalReturnId,
    string ExternalOrderId,
    IReadOnlyList<ReturnLine> Lines,
    string? Notes,
    bool FulfilledByMarketplace = false) : WriteCommandPayload;
