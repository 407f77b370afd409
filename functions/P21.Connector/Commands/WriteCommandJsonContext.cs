using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>Source-generated JSON metadata for write commands (camelCase; nulls are written because every constructor parameter is required on read).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(WriteCommand))]
public sealed partial class WriteCommandJsonContext : JsonSerializerContext;