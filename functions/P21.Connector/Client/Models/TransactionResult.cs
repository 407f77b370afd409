namespace P21.Connector.Client.Models;

/// <summary>P21's answer to a transaction POST (HTTP 200 for both success and failure).</summary>
/// <param name="Messages">P21's messages, unchanged (<c>"Transaction 1:: Customer ID is required"</c>).</param>
/// <param name="Results">The processed set; each transaction's <c>Status</c> is <c>Passed</c> or <c>Failed</c>. Null when all failed.</param>
/// <param name="Summary">Counts of succeeded, failed and other transactions.</param>
public sealed record TransactionResult(IReadOnlyList<string>? Messages, TransactionResultSet? Results, TransactionSummary? Summary)
{
    /// <summary>
    /// The first value of <paramref name="field"/> in a passed transaction's result rows (e.g. <c>order_no</c>,
    /// <c>customer_id</c>, <c>po_no</c>), optionally limited to one data element; null when absent.
    /// </summary>
    public string? FindValue(string field, string? dataElement = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        foreach (P21Transaction transaction in Results?.Transactions ?? [])
        {
            if (!string.Equals(transaction.Status, "Passed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (DataElement element in transaction.DataElements ?? [])
            {
                if (dataElement is not null && !string.Equals(element.Name, dataElement, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (DataElementRow row in element.Rows ?? [])
                {
                    FieldEdit? edit = row.Edits?.FirstOrDefault(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase));
                    if (edit is not null)
                    {
                        return edit.Value;
                    }
                }
            }
        }

        return null;
    }
}

/// <summary>The <c>Results</c> part of a transaction response.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Transactions">One entry per submitted transaction, with result rows (generated keys included).</param>
public sealed record TransactionResultSet(string? Name, IReadOnlyList<P21Transaction>? Transactions);

/// <summary>The <c>Summary</c> part of a transaction response.</summary>
/// <param name="Succeeded">Transactions that passed.</param>
/// <param name="Failed">Transactions that failed.</param>
/// <param name="Other">Anything else P21 counted.</param>
public sealed record TransactionSummary(int Succeeded, int Failed, int Other);
