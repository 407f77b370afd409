using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>Source-generated JSON metadata for write commands (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(WriteCommand))]
public sealed partial class WriteCommandJsonContext : JsonSerializerContext;
