using System.Text.Json.Serialization;

namespace P21.Connector.Poll.Schema;

/// <summary>Source-generated JSON for schema snapshots and drift reports.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SchemaDocument))]
[JsonSerializable(typeof(IReadOnlyList<SchemaChange>))]
[JsonSerializable(typeof(SchemaDriftReport))]
public sealed partial class SchemaJsonContext : JsonSerializerContext;
