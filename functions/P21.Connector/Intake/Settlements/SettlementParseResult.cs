using P21.Connector.Commands;

namespace P21.Connector.Intake.Settlements;

/// <summary>
/// A parsed settlement, or why it was refused. <see cref="Errors"/> keys name the place (<c>line 17: amount</c>,
/// <c>total-amount</c>) and <see cref="Detail"/> summarizes, including the numbers when the totals disagree.
/// </summary>
public sealed record SettlementParseResult(JournalEntryPost? Entry, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>True when <see cref="Entry"/> holds a settlement whose lines add up to its total.</summary>
    public bool IsValid => Entry is not null;
}
