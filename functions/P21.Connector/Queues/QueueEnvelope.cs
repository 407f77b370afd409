using System.Text.Json.Serialization;

namespace P21.Connector.Queues;

/// <summary>What a Storage queue message carries: Storage assigns its own ids, so the command id travels inside.</summary>
internal sealed record QueueEnvelope(string MessageId, string Body, string? DeadLetterReason = null);

/// <summary>Source-generated JSON for the queue envelope.</summary>
[JsonSerializable(typeof(QueueEnvelope))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class QueuesJsonContext : JsonSerializerContext;
