using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>The <c>GetOrdersResponse</c> envelope: <c>payload</c> on success, <c>errors</c> otherwise.</summary>
internal sealed record GetOrdersResponse([property: JsonPropertyName("payload")] OrdersPage? Payload);

/// <summary><c>OrdersList</c>: one page of orders and, when more follow, the <c>NextToken</c> that fetches them.</summary>
internal sealed record OrdersPage(IReadOnlyList<AmazonOrder>? Orders, string? NextToken, string? LastUpdatedBefore);

/// <summary>The <c>GetOrderItemsResponse</c> envelope.</summary>
internal sealed record GetOrderItemsResponse([property: JsonPropertyName("payload")] OrderItemsPage? Payload);

/// <summary><c>OrderItemsList</c>: one page of an order's items.</summary>
internal sealed record OrderItemsPage(string? AmazonOrderId, IReadOnlyList<AmazonOrderItem>? OrderItems, string? NextToken);

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
[JsonSerializable(typeof(GetOrdersResponse))]
[JsonSerializable(typeof(GetOrderItemsResponse))]
[JsonSerializable(typeof(SpApiErrorList))]
[JsonSerializable(typeof(LwaAnswer))]
internal sealed partial class AmazonJsonContext : JsonSerializerContext;
