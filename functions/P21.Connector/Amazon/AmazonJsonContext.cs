using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>Amazon's error answer, <c>{"errors":[…]}</c> (ordersV0.json <c>ErrorList</c>).</summary>
internal sealed record SpApiErrorList([property: JsonPropertyName("errors")] IReadOnlyList<SpApiError>? Errors);

/// <summary>One SP-API error: <c>code</c> and <c>message</c> always, <c>details</c> sometimes.</summary>
internal sealed record SpApiError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("details")] string? Details);

/// <summary>A Login with Amazon token answer (<c>access_token</c>, <c>expires_in</c> seconds) or its error.</summary>
internal sealed record LwaAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

/// <summary>Source-generated (de)serialization of the SP-API and LWA answers; field names are Amazon's, as published.</summary>
[JsonSerializable(typeof(AmazonOrder))]
[JsonSerializable(typeof(AmazonOrderItem))]
[JsonSerializable(typeof(AmazonReportList))]
[JsonSerializable(typeof(AmazonReport))]
[JsonSerializable(typeof(AmazonReportSpecification))]
[JsonSerializable(typeof(AmazonReportCreated))]
[JsonSerializable(typeof(AmazonMarketplaceParticipations))]
[JsonSerializable(typeof(AmazonListingPatch))]
[JsonSerializable(typeof(AmazonListingSubmission))]
[JsonSerializable(typeof(AmazonShipmentConfirmation))]
[JsonSerializable(typeof(AmazonReportDocument))]
[JsonSerializable(typeof(SpApiErrorList))]
[JsonSerializable(typeof(RestrictedDataTokenRequest))]
[JsonSerializable(typeof(RestrictedDataTokenAnswer))]
[JsonSerializable(typeof(LwaAnswer))]
internal sealed partial class AmazonJsonContext : JsonSerializerContext;
