namespace P21.Connector.Intake.Signatures;

/// <summary>
/// The result of checking a delivery's signature. <see cref="Header"/> names the header at fault and
/// <see cref="Reason"/> says what is wrong with it; neither ever contains a secret or the expected value.
/// </summary>
public sealed record SignatureVerdict(bool IsValid, string? Header, string? Reason, bool IsMismatch = false, bool IsUnconfigured = false)
{
    /// <summary>The signature is authentic and fresh.</summary>
    public static SignatureVerdict Valid { get; } = new(true, null, null);

    /// <summary>A required header is absent.</summary>
    public static SignatureVerdict Missing(string header) => new(false, header, "header is missing.");

    /// <summary>A header is present but unusable or stale.</summary>
    public static SignatureVerdict Invalid(string header, string reason) => new(false, header, reason);

    /// <summary>The signature is well-formed but does not match the body (wrong secret, or a tampered body).</summary>
    public static SignatureVerdict Mismatch(string header, string reason = "signature does not match the body.") =>
        new(false, header, reason, IsMismatch: true);

    /// <summary>Our signing secret is not configured: the sender is not at fault (answered 503 so it retries).</summary>
    public static SignatureVerdict Unconfigured(string source) =>
        new(false, null, $"the signing secret of source '{source}' is not configured.", IsUnconfigured: true);
}
