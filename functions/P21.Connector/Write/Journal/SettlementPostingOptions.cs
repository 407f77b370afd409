using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Write.Journal;

/// <summary>How a settlement becomes a journal (section <c>Settlements:Posting</c>).</summary>
public sealed class SettlementPostingOptions
{
    /// <summary>
    /// The account that receives the deposit: the bank (cash) account the marketplace pays out to. Its line is debited
    /// with the settlement total (+total; P21 posts a positive amount as a debit). Despite the name it is not the
    /// marketplace clearing account: that one is where the gl-account mappings send the order amounts (docs/inbound.md,
    /// "Settlements"). Every report amount is posted with the opposite sign, so the journal nets to zero.
    /// </summary>
    [Required]
    [MinLength(1)]
    public string ClearingAccount { get; set; } = "";

    /// <summary>Longest line description P21 accepts.</summary>
    /// <value>Default 255.</value>
    [Range(20, 4000)]
    public int MaxDescriptionLength { get; set; } = 255;
}
