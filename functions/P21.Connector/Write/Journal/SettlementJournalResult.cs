namespace P21.Connector.Write.Journal;

/// <summary>
/// A balanced journal (<see cref="Lines"/> sums to 0.00), or a failure: <see cref="Unmapped"/> lists every line
/// without a GL account (line number and key), and <see cref="Failure"/> says what to fix.
/// </summary>
public sealed record SettlementJournalResult(
    IReadOnlyList<JournalLine> Lines,
    IReadOnlyList<UnmappedSettlementLine> Unmapped,
    string? Failure)
{
    /// <summary>True when the journal was built and balances.</summary>
    public bool IsBalanced => Failure is null;
}
