namespace P21.Connector.Write.Journal;

/// <summary>What a settlement amount is, for GL mapping: e.g. (<c>Order</c>, <c>ItemFees</c>, <c>Commission</c>).</summary>
public readonly record struct GlAccountKey(string TransactionType, string AmountType, string AmountDescription)
{
    /// <inheritdoc/>
    public override string ToString() => $"{TransactionType}/{AmountType}/{AmountDescription}";
}

/// <summary>One GL line for P21's <c>POST /api/accounting/gl/</c>: a positive amount is a debit, a negative one a credit; a journal's lines sum to zero.</summary>
public sealed record JournalLine(string AccountNumber, decimal Amount, string Description);

/// <summary>A settlement line that has no GL account mapping.</summary>
public sealed record UnmappedSettlementLine(int LineNumber, GlAccountKey Key);
