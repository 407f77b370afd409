namespace P21.Connector.Intake;

/// <summary>The outcome of <see cref="OrderIntake.AcceptAsync"/>: accepted (202), acknowledged (200) or a problem (4xx/503).</summary>
public abstract record IntakeResult
{
    private protected IntakeResult()
    {
    }

    /// <summary>The HTTP status a host should answer with.</summary>
    public abstract int StatusCode { get; }

    /// <summary>The command was enqueued; the host answers 202 with the command id.</summary>
    public sealed record Accepted(string CommandId, string IdempotencyKey) : IntakeResult
    {
        /// <inheritdoc/>
        public override int StatusCode => 202;
    }

    /// <summary>A delivery that needs no write (a WooCommerce ping); the host answers 200, nothing was enqueued.</summary>
    public sealed record Acknowledged(string Reason) : IntakeResult
    {
        /// <inheritdoc/>
        public override int StatusCode => 200;
    }

    /// <summary>The delivery was refused; nothing was enqueued.</summary>
    public sealed record Rejected(IntakeProblem Problem) : IntakeResult
    {
        /// <inheritdoc/>
        public override int StatusCode => Problem.Status;
    }
}
