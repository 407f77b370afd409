using P21.Connector.Intake;

namespace P21.Cli.Hosting;

/// <summary>
/// What became of one submitted payload: rejected by intake, or written, found written, or parked by the writer;
/// <see cref="Notices"/> says what the write changed from the payload (a skipped line, a cut address line).
/// </summary>
internal sealed record WriteReport(
    string Source,
    string Status,
    string? CommandId = null,
    string? IdempotencyKey = null,
    string? P21Key = null,
    string? Reason = null,
    string? ParkedId = null,
    IntakeProblem? Problem = null,
    IReadOnlyList<string>? Notices = null)
{
    public bool Ok => Status is "committed" or "duplicate" or "acknowledged";
}
