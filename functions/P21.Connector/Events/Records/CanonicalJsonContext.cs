using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

/// <summary>
/// Source-generated JSON for the canonical records. Its output is the canonical form: fingerprints (and so event ids)
/// are SHA-256 over these bytes, so property order and formatting must stay stable.
/// </summary>
/// <remarks>
/// The records reach the generator through <see cref="CanonicalRecord"/>'s derived types, which each record declares
/// in its own file. A record is always written through its own type info (<c>CanonicalJsonContext.Default.Item</c>),
/// so the discriminators never appear in an event.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(CanonicalRecord))]
public sealed partial class CanonicalJsonContext : JsonSerializerContext;
