using System.Text.Json.Serialization;

namespace P21.Connector.Push.Shopify;

/// <summary>A GraphQL answer: data, errors (top level, e.g. <c>THROTTLED</c>) and the query cost.</summary>
internal sealed record ShopifyResponse<TData>(TData? Data, List<ShopifyError>? Errors, ShopifyExtensions? Extensions);

/// <summary>A top-level GraphQL error.</summary>
internal sealed record ShopifyError(string? Message, ShopifyErrorExtensions? Extensions);

/// <summary>The error's extensions; <c>code</c> is <c>THROTTLED</c> when the cost bucket is empty.</summary>
internal sealed record ShopifyErrorExtensions(string? Code);

/// <summary>The answer's <c>extensions</c>.</summary>
internal sealed record ShopifyExtensions(ShopifyCost? Cost);

/// <summary><c>extensions.cost</c>: requested and actual cost and the bucket after the call.</summary>
internal sealed record ShopifyCost(double RequestedQueryCost, double? ActualQueryCost, ShopifyThrottleStatus? ThrottleStatus);

/// <summary><c>extensions.cost.throttleStatus</c>.</summary>
internal sealed record ShopifyThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

/// <summary>A request whose only variable is a search query string.</summary>
internal sealed record ShopifySearchRequest(string Query, ShopifySearchVariables Variables);

/// <summary>The variables of <see cref="ShopifySearchRequest"/>.</summary>
internal sealed record ShopifySearchVariables(string Q);

/// <summary>A request without variables.</summary>
internal sealed record ShopifyQueryRequest(string Query);

/// <summary><c>data</c> of the SKU lookup.</summary>
internal sealed record ShopifyVariantsData(ShopifyVariantConnection? ProductVariants);

/// <summary>A page of variants.</summary>
internal sealed record ShopifyVariantConnection(List<ShopifyVariant> Nodes);

/// <summary>A variant's SKU and inventory item.</summary>
internal sealed record ShopifyVariant(string? Sku, ShopifyNodeRef? InventoryItem);

/// <summary>A node's GID.</summary>
internal sealed record ShopifyNodeRef(string Id);

/// <summary><c>data</c> of <c>inventorySetQuantities</c>.</summary>
internal sealed record ShopifySetData(ShopifySetPayload? InventorySetQuantities);

/// <summary>The mutation's payload.</summary>
internal sealed record ShopifySetPayload(ShopifyNodeRef? InventoryAdjustmentGroup, List<ShopifyUserError>? UserErrors);

/// <summary>An <c>InventorySetQuantitiesUserError</c>: <c>field</c> is the input path, e.g. <c>["input","quantities","3","changeFromQuantity"]</c>.</summary>
internal sealed record ShopifyUserError(List<string>? Field, string? Code, string? Message);

/// <summary>An inventory item's level at one location (the re-read after a conflict).</summary>
internal sealed record ShopifyItemLevel(ShopifyInventoryLevel? InventoryLevel);

/// <summary>An inventory level's named quantities.</summary>
internal sealed record ShopifyInventoryLevel(List<ShopifyQuantity>? Quantities);

/// <summary>A named quantity (<c>available</c>).</summary>
internal sealed record ShopifyQuantity(string Name, int Quantity);

/// <summary>A request whose variables are an id (and, for <c>tagsAdd</c>, tags).</summary>
internal sealed record ShopifyIdRequest(string Query, ShopifyIdVariables Variables);

/// <summary>The variables of <see cref="ShopifyIdRequest"/>.</summary>
internal sealed record ShopifyIdVariables(string Id, List<string>? Tags);

/// <summary><c>data</c> of the order read.</summary>
internal sealed record ShopifyOrderData(ShopifyOrder? Order);

/// <summary>An order: cancellation, tags, fulfilments with tracking numbers, fulfillment orders.</summary>
internal sealed record ShopifyOrder(string Id, string? CancelledAt, List<string>? Tags, List<ShopifyFulfillment>? Fulfillments, ShopifyFulfillmentOrderConnection? FulfillmentOrders);

/// <summary>A fulfilment and its tracking numbers.</summary>
internal sealed record ShopifyFulfillment(string Id, List<ShopifyTrackingNumber>? TrackingInfo);

/// <summary>One <c>trackingInfo</c> entry.</summary>
internal sealed record ShopifyTrackingNumber(string? Number);

/// <summary>A page of fulfillment orders.</summary>
internal sealed record ShopifyFulfillmentOrderConnection(List<ShopifyFulfillmentOrder> Nodes);

/// <summary>A fulfillment order: status (<c>OPEN</c>, <c>IN_PROGRESS</c>, <c>CLOSED</c>, …), location and line items.</summary>
internal sealed record ShopifyFulfillmentOrder(string Id, string? Status, ShopifyAssignedLocation? AssignedLocation, ShopifyFulfillmentOrderLineConnection? LineItems);

/// <summary><c>assignedLocation</c>.</summary>
internal sealed record ShopifyAssignedLocation(ShopifyNodeRef? Location);

/// <summary>A page of fulfillment order line items.</summary>
internal sealed record ShopifyFulfillmentOrderLineConnection(List<ShopifyFulfillmentOrderLineItem> Nodes);

/// <summary>A fulfillment order line item: what remains to fulfil of one order line.</summary>
internal sealed record ShopifyFulfillmentOrderLineItem(string Id, int RemainingQuantity, ShopifyNodeRef? LineItem);

/// <summary>The <c>fulfillmentCreate</c> request.</summary>
internal sealed record ShopifyCreateRequest(string Query, ShopifyCreateVariables Variables);

/// <summary>Its variables.</summary>
internal sealed record ShopifyCreateVariables(ShopifyFulfillmentInput Fulfillment, string? Message);

/// <summary><c>FulfillmentInput</c>.</summary>
internal sealed record ShopifyFulfillmentInput(List<ShopifyFulfillmentOrderLines> LineItemsByFulfillmentOrder, bool NotifyCustomer, ShopifyTrackingInput TrackingInfo);

/// <summary><c>FulfillmentOrderLineItemsInput</c>.</summary>
internal sealed record ShopifyFulfillmentOrderLines(string FulfillmentOrderId, List<ShopifyFulfillmentOrderLine> FulfillmentOrderLineItems);

/// <summary><c>FulfillmentOrderLineItemInput</c>.</summary>
internal sealed record ShopifyFulfillmentOrderLine(string Id, int Quantity);

/// <summary><c>FulfillmentTrackingInput</c>.</summary>
internal sealed record ShopifyTrackingInput(string? Company, string? Number, string? Url);

/// <summary><c>data</c> of <c>fulfillmentCreate</c>.</summary>
internal sealed record ShopifyCreateData(ShopifyCreatePayload? FulfillmentCreate);

/// <summary><c>FulfillmentCreatePayload</c>.</summary>
internal sealed record ShopifyCreatePayload(ShopifyNodeRef? Fulfillment, List<ShopifyUserError>? UserErrors);

/// <summary><c>data</c> of <c>orderCancel</c>.</summary>
internal sealed record ShopifyCancelData(ShopifyCancelPayload? OrderCancel);

/// <summary><c>OrderCancelPayload</c>.</summary>
internal sealed record ShopifyCancelPayload(ShopifyNodeRef? Job, List<ShopifyUserError>? OrderCancelUserErrors);

/// <summary><c>data</c> of <c>tagsAdd</c>.</summary>
internal sealed record ShopifyTagsData(ShopifyTagsPayload? TagsAdd);

/// <summary><c>TagsAddPayload</c>.</summary>
internal sealed record ShopifyTagsPayload(ShopifyNodeRef? Node, List<ShopifyUserError>? UserErrors);

/// <summary>Source-generated JSON of the Shopify GraphQL Admin API shapes (camelCase, as GraphQL names them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShopifySearchRequest))]
[JsonSerializable(typeof(ShopifyQueryRequest))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyVariantsData>))]
[JsonSerializable(typeof(ShopifyResponse<ShopifySetData>))]
[JsonSerializable(typeof(ShopifyResponse<Dictionary<string, ShopifyItemLevel?>>))]
[JsonSerializable(typeof(ShopifyIdRequest))]
[JsonSerializable(typeof(ShopifyCreateRequest))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyOrderData>))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyCreateData>))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyCancelData>))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyTagsData>))]
internal sealed partial class ShopifyJsonContext : JsonSerializerContext;

/// <summary>Source-generated JSON of a string: GraphQL string literals are written as JSON string literals.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ShopifyStringContext : JsonSerializerContext;
