namespace P21.Connector.Write;

/// <summary>
/// P21 refuses a requested date that is not after the order date. This decides, before the write, whether to move
/// the date or to park the command, so the rule is visible here and not hidden in a P21 message.
/// </summary>
public static class RequestedShipDate
{
    /// <summary>The requested date to send, or null when the command has none.</summary>
    /// <exception cref="WriteRejectedException">The date is not after the order date and the policy is <see cref="RequestedDatePolicy.Park"/>.</exception>
    public static DateOnly? Resolve(DateOnly? requested, DateOnly orderDate, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (requested is not { } date || date > orderDate)
        {
            return requested;
        }

        if (options.RequestedDateBeforeOrderDate == RequestedDatePolicy.Park)
        {
            throw new WriteRejectedException(
                $"requested ship date {date:yyyy-MM-dd} is not after the order date {orderDate:yyyy-MM-dd}; P21 requires a later date");
        }

        return orderDate.AddDays(options.RequestedDateMinimumLeadDays);
    }
}
