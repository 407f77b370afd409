using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake;

/// <summary>One sender (a platform, or a generic feed): how to authenticate it and how to read its payloads.</summary>
internal interface IIntakeSource
{
    /// <summary>The route name (<c>shopify</c>, <c>generic</c>, …); part of every idempotency key.</summary>
    string Name { get; }

    /// <summary>Whether this source sends <paramref name="kind"/>.</summary>
    bool Accepts(IntakeKind kind);

    /// <summary>Checks the delivery's signature; never throws for a bad or missing header.</summary>
    ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken);

    /// <summary>Reads the body into a payload, or returns field errors.</summary>
    ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken);
}

/// <summary>A parsed payload with its external id, or the rejection that explains why not.</summary>
internal sealed record ParseOutcome(WriteCommandPayload? Payload, string? ExternalId, IntakeResult.Rejected? Rejection)
{
    public static ParseOutcome Parsed(WriteCommandPayload payload, string externalId) => new(payload, externalId, null);

    public static ParseOutcome Failed(IntakeResult.Rejected rejection) => new(null, null, rejection);

    public static ParseOutcome Invalid(FieldErrors errors) =>
        Failed(IntakeProblems.Invalid(errors.Summary(), errors.ToMap()));
}
