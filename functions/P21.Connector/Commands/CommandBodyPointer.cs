using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>
/// The queue message that stands for a command too large to travel itself (schema <c>p21.write-ref/1</c>): the body
/// is in the command-body store under (<see cref="Connection"/>, <see cref="CommandId"/>).
/// </summary>
/// <param name="Schema">Always <see cref="CurrentSchema"/>.</param>
/// <param name="CommandId">The command's id (also the message id).</param>
/// <param name="Connection">The P21 connection the command belongs to.</param>
public sealed record CommandBodyPointer(string Schema, string CommandId, string Connection)
{
    /// <summary>The pointer schema identifier.</summary>
    public const string CurrentSchema = "p21.write-ref/1";

    /// <summary>Serializes the pointer.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CommandBodyPointerJsonContext.Default.CommandBodyPointer);

    /// <summary>Reads <paramref name="body"/> as a pointer; null when it is anything else (a command, or not JSON).</summary>
    public static CommandBodyPointer? TryRead(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        // Cheap pre-check: a full command also starts with "schema", but never with this value.
        if (!body.Contains(CurrentSchema, StringComparison.Ordinal) || body.Length > 4096)
        {
            return null;
        }

        try
        {
            CommandBodyPointer? pointer = JsonSerializer.Deserialize(body, CommandBodyPointerJsonContext.Default.CommandBodyPointer);
            return pointer is { Schema: CurrentSchema } && !string.IsNullOrWhiteSpace(pointer.CommandId) && !string.IsNullOrWhiteSpace(pointer.Connection)
                ? pointer
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON metadata for <see cref="CommandBodyPointer"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CommandBodyPointer))]
public sealed partial class CommandBodyPointerJsonContext : JsonSerializerContext;
