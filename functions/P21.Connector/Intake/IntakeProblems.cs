namespace P21.Connector.Intake;

/// <summary>The problem types intake answers with; each type URI is documented in docs/inbound.md.</summary>
public static class IntakeProblems
{
    private const string Prefix = "urn:p21-connector:problem:";

    /// <summary>Type URI: unknown source or route.</summary>
    public const string UnknownSourceType = Prefix + "unknown-source";

    /// <summary>Type URI: body larger than allowed.</summary>
    public const string PayloadTooLargeType = Prefix + "payload-too-large";

    /// <summary>Type URI: wrong content type.</summary>
    public const string UnsupportedMediaTypeType = Prefix + "unsupported-media-type";

    /// <summary>Type URI: signature missing or invalid.</summary>
    public const string SignatureType = Prefix + "invalid-signature";

    /// <summary>Type URI: body is not well-formed.</summary>
    public const string MalformedType = Prefix + "malformed-body";

    /// <summary>Type URI: body well-formed but not a valid command.</summary>
    public const string ValidationType = Prefix + "validation-failed";

    /// <summary>Type URI: a dependency (queue, platform API) is unavailable; retry later.</summary>
    public const string UnavailableType = Prefix + "temporarily-unavailable";

    internal static IntakeResult.Rejected UnknownSource(string source, string kind, string detail) =>
        Make(UnknownSourceType, "Unknown intake source", 404, detail, ("source", $"'{source}' does not accept {kind}."));

    internal static IntakeResult.Rejected TooLarge(int length, int max) =>
        Make(PayloadTooLargeType, "Payload too large", 413,
            $"The body is {length} bytes; the limit is {max} bytes.", ("body", $"At most {max} bytes."));

    internal static IntakeResult.Rejected UnsupportedMediaType(string? contentType, string expected) =>
        Make(UnsupportedMediaTypeType, "Unsupported media type", 415,
            $"Content-Type '{contentType ?? "(none)"}' is not accepted here; send {expected}.",
            ("Content-Type", $"Expected {expected}."));

    internal static IntakeResult.Rejected Unauthorized(string header, string reason) =>
        Make(SignatureType, "Signature verification failed", 401, $"{header}: {reason}", (header, reason));

    internal static IntakeResult.Rejected Malformed(string detail, string field = "body") =>
        Make(MalformedType, "Malformed body", 400, detail, (field, detail));

    internal static IntakeResult.Rejected Invalid(string detail, IReadOnlyDictionary<string, string[]> errors) =>
        new(new IntakeProblem(ValidationType, "The payload is not a valid write request", 422, detail, errors));

    internal static IntakeResult.Rejected Unavailable(string detail, string field) =>
        Make(UnavailableType, "Temporarily unavailable", 503, detail, (field, detail));

    private static IntakeResult.Rejected Make(string type, string title, int status, string detail, (string Field, string Message) error) =>
        new(new IntakeProblem(type, title, status, detail, new Dictionary<string, string[]> { [error.Field] = [error.Message] }));
}
