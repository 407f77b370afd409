using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>
/// Reads P21's answer to a transaction. P21 answers HTTP 200 when a transaction fails, so success is decided here
/// from <c>Summary</c> and each transaction's <c>Status</c>, never from the status code.
/// </summary>
public static class TransactionVerdict
{
    /// <summary>Throws unless every transaction passed; P21's messages go into the reason verbatim.</summary>
    /// <param name="result">P21's answer.</param>
    /// <param name="service">The service, for the reason text.</param>
    /// <exception cref="WriteRejectedException">A transaction failed, or P21 passed none.</exception>
    public static void RequirePassed(TransactionResult result, string service)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<P21Transaction> transactions = result.Results?.Transactions ?? [];
        bool anyFailed = (result.Summary?.Failed ?? 0) > 0
            || transactions.Any(t => string.Equals(t.Status, "Failed", StringComparison.OrdinalIgnoreCase));
        bool anyPassed = (result.Summary?.Succeeded ?? 0) > 0
            || transactions.Any(t => string.Equals(t.Status, "Passed", StringComparison.OrdinalIgnoreCase));

        if (anyFailed || !anyPassed)
        {
            string messages = MessagesOf(result);
            string reason = messages.Length > 0
                ? $"P21 rejected the {service} transaction: {messages}"
                : $"P21 did not pass the {service} transaction and gave no message";
            throw new WriteRejectedException(reason, messages.Length > 0 ? messages : null);
        }
    }

    /// <summary>P21's messages without the empty success marker (<c>Transaction 1:: </c>), joined by <c> | </c>.</summary>
    public static string MessagesOf(TransactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Join(
            " | ",
            (result.Messages ?? []).Where(m => !string.IsNullOrWhiteSpace(m) && !IsEmptyMarker(m)));
    }

    private static bool IsEmptyMarker(string message)
    {
        int separator = message.IndexOf("::", StringComparison.Ordinal);
        return separator >= 0 && string.IsNullOrWhiteSpace(message[(separator + 2)..]);
    }
}
