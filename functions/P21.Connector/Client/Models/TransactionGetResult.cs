namespace P21.Connector.Client.Models;

/// <summary>
/// P21's answer to <c>POST {uiServer}/api/v2/transaction/get</c>: the records read, each with its
/// <c>DataElements</c> and a <c>Status</c> (<c>Failed</c>, without elements, for a key P21 has no record of).
/// </summary>
/// <param name="Transactions">The records, at the top level as P21 answers them (p21-api.md, added 2026-12-02).</param>
/// <param name="Results">
/// The write envelope (<c>Results.Transactions</c>). The sources disagree on the read's shape: the newer community
/// notes (p21-api.md, added 2026-12-02) say top level, while §3.2 shows only the write's envelope, which earlier
/// clients and this sandbox's first version assumed for the read too. Both are read so either answer yields its records.
/// </param>
public sealed record TransactionGetResult(IReadOnlyList<P21Transaction>? Transactions, TransactionResultSet? Results)
{
    /// <summary>The records read, from whichever shape P21 answered; empty when none.</summary>
    public IReadOnlyList<P21Transaction> Records => Transactions ?? Results?.Transactions ?? [];

    /// <summary>
    /// The first value of <paramref name="field"/> in a record that was found, optionally limited to one data element;
    /// null when absent.
    /// </summary>
    public string? FindValue(string field, string? dataElement = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new TransactionResult(null, new TransactionResultSet(null, [.. Records.Where(Found)]), null).FindValue(field, dataElement);
    }

    // A read answers Passed for a record it found; anything but Failed is read as found, as the status of a read is
    // not documented beyond "Failed" for a missing key.
    private static bool Found(P21Transaction transaction) =>
        !string.Equals(transaction.Status, "Failed", StringComparison.OrdinalIgnoreCase);
}
