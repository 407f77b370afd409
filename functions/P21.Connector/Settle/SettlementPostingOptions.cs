using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Settle;

/// <summary>How a settlement becomes a journal (section <c>Settlements:Posting</c>).</summary>
public sealed class SettlementPostingOptions
{
    /// <summary>The account that receives the deposit (the marketplace clearing or bank account); its line is −total.</summary>
    [Required]
    [MinLength(1)]
    public string ClearingAccount { get; set; } = "";

    /// <summary>
    /// Post every amount with the opposite sign. The default keeps the report's signs (sales positive, fees
    /// negative) with the clearing line at −total; turn this on when the GL treats positive amounts as debits to
    /// the clearing account.
    /// </summary>
    public bool InvertSigns { get; set; }

    /// <summary>Longest line description P21 accepts.</summary>
    /// <value>Default 255.</value>
    [Range(20, 4000)]
    public int MaxDescriptionLength { get; set; } = 255;
}
