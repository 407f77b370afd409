using System.Text.Json.Serialization;

namespace P21.Connector.Intake;

/// <summary>Source-generated JSON for intake answers (problem details and the 202 body).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IntakeProblem))]
[JsonSerializable(typeof(IntakeAcceptedBody))]
public sealed partial class IntakeJsonContext : JsonSerializerContext;

/// <summary>The 202 body: the command id and the idempotency key it was derived from.</summary>
public sealed record IntakeAcceptedBody(string CommandId, string IdempotencyKey);
