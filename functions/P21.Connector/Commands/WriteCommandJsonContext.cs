using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>
/// Source-generated JSON metadata for write commands: camelCase, nulls left out when writing. Which members a reader
/// requires is decided by <see cref="WriteCommandSerializer"/> (every non-nullable constructor parameter), not here.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(WriteCommand))]
public sealed partial class WriteCommandJsonContext : JsonSerializerContext;
