namespace P21.Connector.Client.Models;

/// <summary>The outcome of a GL post.</summary>
/// <param name="TransactionNumber">The number P21 assigned to the entry; read it back with <c>GetJournalAsync</c>.</param>
/// <param name="Lines">The lines as P21 stored them.</param>
public sealed record GlPostResult(string TransactionNumber, IReadOnlyList<GlLine> Lines);
