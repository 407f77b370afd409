namespace P21.Connector.Poll.Pricing;

/// <summary>The answer to a batch of price questions.</summary>
/// <param name="Prices">One price per answerable question, in the order asked.</param>
/// <param name="UnknownCustomers">Customer ids P21 does not know (no price asked for them).</param>
/// <param name="UnknownItems">Questions whose item P21 does not know.</param>
/// <param name="Unpriceable">
/// Questions whose item id holds a <c>/</c>: P21's price route cannot address it (404 however it is encoded), so it is not asked.
/// </param>
public sealed record PriceAnswers(IReadOnlyList<CustomerPrice> Prices, IReadOnlyList<string> UnknownCustomers, IReadOnlyList<PriceQuestion> UnknownItems, IReadOnlyList<PriceQuestion> Unpriceable);
