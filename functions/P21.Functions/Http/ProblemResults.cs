using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

using P21.Connector.Intake;

namespace P21.Functions.Http;

/// <summary>RFC 9457 answers: the problem as JSON with <c>application/problem+json</c> and its own status.</summary>
internal static class ProblemResults
{
    private const string Prefix = "urn:p21-connector:problem:";

    /// <summary>Type URI: the request itself is not acceptable (no ids, too many ids, not JSON).</summary>
    public const string InvalidRequestType = Prefix + "invalid-request";

    /// <summary>Type URI: P21 does not know the item.</summary>
    public const string UnknownItemType = Prefix + "unknown-item";

    /// <summary>Type URI: P21's price call cannot address the item (its id holds a '/').</summary>
    public const string UnpriceableItemType = Prefix + "unpriceable-item";

    /// <summary>Type URI: P21 does not know the customer.</summary>
    public const string UnknownCustomerType = Prefix + "unknown-customer";

    /// <summary>Type URI: the named P21 connection is not configured.</summary>
    public const string UnknownConnectionType = Prefix + "unknown-connection";

    public static JsonResult From(IntakeProblem problem) =>
        new(problem, HttpJsonContext.Default.Options) { StatusCode = problem.Status, ContentType = IntakeProblem.MediaType };

    public static JsonResult Make(string type, string title, int status, string detail, string field, string message) =>
        From(new IntakeProblem(type, title, status, detail, new Dictionary<string, string[]> { [field] = [message] }));

    /// <summary>400: the request named no configured connection (or none, with several configured and no default).</summary>
    public static JsonResult UnknownConnection(IEnumerable<string> configured, string defaultSetting) =>
        Make(UnknownConnectionType, "Unknown connection", StatusCodes.Status400BadRequest,
            $"Name one of the configured P21 connections ({string.Join(", ", configured)}) with ?connection=, or set {defaultSetting}.",
            "connection", "is missing or not configured.");

    public static JsonResult TooLarge(long limit) =>
        Make(IntakeProblems.PayloadTooLargeType, "Payload too large", StatusCodes.Status413PayloadTooLarge,
            $"The body is larger than the limit of {limit} bytes.", "body", $"At most {limit} bytes.");

    public static JsonResult Unavailable(string detail, string field) =>
        Make(IntakeProblems.UnavailableType, "Temporarily unavailable", StatusCodes.Status503ServiceUnavailable, detail, field, detail);
}
