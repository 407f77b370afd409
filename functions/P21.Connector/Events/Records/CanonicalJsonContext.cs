using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

/// <summary>
/// Source-generated JSON for the canonical records. Its output is the canonical form: fingerprints (and so event ids)
/// are SHA-256 over these bytes, so property order and formatting must stay stable.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(InventoryLevel))]
[JsonSerializable(typeof(PricePage))]
[JsonSerializable(typeof(Vendor))]
[JsonSerializable(typeof(PurchaseOrder))]
[JsonSerializable(typeof(SalesOrder))]
[JsonSerializable(typeof(Shipment))]
[JsonSerializable(typeof(Invoice))]
public sealed partial class CanonicalJsonContext : JsonSerializerContext;
