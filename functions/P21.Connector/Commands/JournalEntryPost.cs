using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(JournalEntryPost), "JournalEntry.Post")]
public abstract partial record WriteCommandPayload;

/// <summary>
/// One settlement detail line. <see cref="LineNumber"/> is the physical line in the source file (1 = header), so an
/// unmapped or invalid line can be named precisely.
/// </summary>
public sealed record SettlementLine(
    int LineNumber,
    string TransactionType,
    string AmountType,
    string AmountDescription,
    decimal Amount,
    string? OrderId,
    string? Sku,
    string? PostedDate);

/// <summary>Post a marketplace settlement as a balanced GL journal entry (built by <c>SettlementJournal</c>).</summary>
public sealed record JournalEntryPost(
    string SettlementId,
    DateTimeOffset? DepositDate,
    string Currency,
    decimal Total,
    IReadOnlyList<SettlementLine> Lines,
    DateTimeOffset? StartDate = null,
    DateTimeOffset? EndDate = null) : WriteCommandPayload;
