namespace P21.Connector.Intake;

/// <summary>The 202 body: the command id and the idempotency key it was derived from.</summary>
public sealed record IntakeAcceptedBody(string CommandId, string IdempotencyKey);
