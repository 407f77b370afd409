using System.Text.Json.Serialization;

namespace P21.Connector.Client.Models;

/// <summary>
/// One line of a GL journal entry (<c>/api/accounting/gl/</c>); a post takes a balanced set of them.
/// </summary>
public sealed record GlLine
{
    /// <summary>Company number.</summary>
    public string? CompanyNo { get; init; }

    /// <summary>GL account number.</summary>
    public string? AccountNumber { get; init; }

    /// <summary>Fiscal period (must be open).</summary>
    public int? Period { get; init; }

    /// <summary>Fiscal year of <see cref="Period"/>.</summary>
    public int? YearForPeriod { get; init; }

    /// <summary>Journal id, e.g. <c>GJ</c>.</summary>
    public string? JournalId { get; init; }

    /// <summary>Signed amount; the lines of one post must sum to zero.</summary>
    public decimal Amount { get; init; }

    /// <summary>Amount in the foreign currency.</summary>
    public decimal? ForeignAmount { get; init; }

    /// <summary>Line description.</summary>
    public string? Description { get; init; }

    /// <summary>Source code, e.g. the integration's name.</summary>
    public string? Source { get; init; }

    /// <summary>Transaction date (sent as <c>yyyy-MM-dd</c>); null lets P21 use today.</summary>
    [JsonConverter(typeof(P21DateConverter))]
    public DateOnly? TransactionDate { get; init; }

    /// <summary>Assigned by P21 on post; shared by every line of the entry (P21 sends it as a number).</summary>
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? TransactionNumber { get; init; }

    /// <summary>Set by P21 on post.</summary>
    public bool? Approved { get; init; }
}
