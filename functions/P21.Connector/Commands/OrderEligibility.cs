using P21.Connector.Commands;

namespace P21.Connector.Commands;

/// <summary>
/// Decides whether an order may be written now. An ineligible order is answered 200 and not enqueued, so the update
/// that makes it eligible later (paid, processing) is enqueued under the same idempotency key and written once.
/// </summary>
public static class OrderEligibility
{
    /// <summary>Null when <paramref name="order"/> may be written; else one line saying why not and what would change it.</summary>
    public static string? Refusal(SalesOrderCreate order, OrderEligibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(options);
        if (order.Standing is not { } standing)
        {
            return options.WriteUnknownPayment ? null : "the source sends no payment status (Intake:Eligibility:WriteUnknownPayment is false)";
        }

        var status = standing.PlatformStatus is { Length: > 0 } s ? $" (status '{s}')" : "";
        if (standing.Cancelled)
        {
            return $"the order is cancelled on the platform{status}";
        }

        if (standing.Test && !options.WriteTestOrders)
        {
            return "it is a test order (Intake:Eligibility:WriteTestOrders is false)";
        }

        if (standing.FulfilledByMarketplace && options.MarketplaceFulfilled == MarketplaceFulfilledPolicy.Skip)
        {
            return "the marketplace fulfils it from its own stock (Intake:Eligibility:MarketplaceFulfilled is Skip)";
        }

        return standing.Payment switch
        {
            PaymentState.Paid or PaymentState.Authorized => null,
            PaymentState.Pending when options.WriteUnpaid => null,
            PaymentState.Pending => $"the order is not paid yet{status}; it is written when the platform sends the paid update",
            PaymentState.Failed => $"the payment failed or was refunded{status}",
            _ => options.WriteUnknownPayment ? null : $"the payment state is unknown{status} (Intake:Eligibility:WriteUnknownPayment is false)",
        };
    }
}
