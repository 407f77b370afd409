namespace P21.Sandbox.Rest;

/// <summary>One journal line of /api/accounting/gl.</summary>
internal sealed record GlLine(
    string? CompanyNo,
    string? AccountNumber,
    int? Period,
    int? YearForPeriod,
    string? JournalId,
    decimal? Amount,
    decimal? ForeignAmount,
    string? Description,
    string? Source,
    string? TransactionDate,
    decimal? TransactionNumber,
    bool? Approved,
    long? GlUid);
