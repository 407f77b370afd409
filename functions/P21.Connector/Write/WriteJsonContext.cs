using System.Text.Json.Serialization;

namespace P21.Connector.Write;

/// <summary>Source-generated JSON for the writer's event bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WriteCommittedData))]
[JsonSerializable(typeof(WriteParkedData))]
internal sealed partial class WriteJsonContext : JsonSerializerContext;
