using System.Text.Json.Serialization;

using P21.Cli.Commands.Check;

namespace P21.Cli.Output;

/// <summary>Source-generated JSON for every <c>--json</c> output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
