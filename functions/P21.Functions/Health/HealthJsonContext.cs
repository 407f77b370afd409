using System.Text.Json;
using System.Text.Json.Serialization;

using P21.Connector.Client.Health;

namespace P21.Functions.Health;

/// <summary>Source-generated JSON for the health endpoint (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(HealthProblem))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
