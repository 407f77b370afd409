namespace P21.Connector.Intake;

/// <summary>
/// An RFC 9457 problem (served as <c>application/problem+json</c>). <see cref="Errors"/> maps a field path
/// (<c>line_items[2].sku</c>, a header name, <c>body</c>) to what is wrong with it. It never holds a secret.
/// </summary>
public sealed record IntakeProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The media type of a serialized problem.</summary>
    public const string MediaType = "application/problem+json";
}
