namespace P21.Connector.Intake;

/// <summary>Thrown inside a parser to stop at once with a specific problem (for example a 503 from a platform API).</summary>
internal sealed class IntakeRejectedException(IntakeResult.Rejected rejection)
    : Exception(rejection.Problem.Detail)
{
    public IntakeResult.Rejected Rejection { get; } = rejection;
}
