using System.Text.Json;

namespace P21.Connector.Events;

/// <summary>
/// A CloudEvents 1.0 envelope (structured JSON mode). <see cref="Id"/> is deterministic (entity, key, version)
/// so consumers and Service Bus duplicate detection drop repeats.
/// </summary>
public sealed record ChangeEvent(
    string Id,
    string Source,
    string Type,
    string Subject,
    DateTimeOffset Time,
    JsonElement Data)
{
    /// <summary>The CloudEvents spec version.</summary>
    public string SpecVersion { get; init; } = "1.0";

    /// <summary>The media type of <see cref="Data"/>.</summary>
    public string DataContentType { get; init; } = "application/json";
}
