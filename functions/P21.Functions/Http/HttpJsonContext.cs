using System.Text.Json;
using System.Text.Json.Serialization;

using P21.Connector.Intake;
using P21.Connector.Poll.Availability;
using P21.Connector.Poll.Pricing;
using P21.Functions.Intake;
using P21.Functions.Inventory;
using P21.Functions.Prices;

namespace P21.Functions.Http;

/// <summary>Source-generated JSON for the HTTP functions' bodies (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IntakeProblem))]
[JsonSerializable(typeof(IntakeAcceptedBody))]
[JsonSerializable(typeof(IntakeAcknowledgedBody))]
[JsonSerializable(typeof(ItemAvailability))]
[JsonSerializable(typeof(InventoryBatchRequest))]
[JsonSerializable(typeof(InventoryBatchResponse))]
[JsonSerializable(typeof(CustomerPrice))]
[JsonSerializable(typeof(PriceBatchRequest))]
[JsonSerializable(typeof(PriceBatchResponse))]
[JsonSerializable(typeof(CustomerPriceResponse))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
