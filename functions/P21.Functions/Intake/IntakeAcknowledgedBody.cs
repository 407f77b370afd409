namespace P21.Functions.Intake;

/// <summary>The 200 body for a delivery that needed no write (a platform's webhook ping).</summary>
/// <param name="Status">Always <c>acknowledged</c>.</param>
/// <param name="Reason">Why nothing was enqueued.</param>
public sealed record IntakeAcknowledgedBody(string Status, string Reason);
