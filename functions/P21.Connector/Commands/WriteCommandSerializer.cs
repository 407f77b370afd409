using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace P21.Connector.Commands;

/// <summary>Reads and writes <see cref="WriteCommand"/> JSON (schema <c>p21.write/1</c>).</summary>
/// <remarks>
/// Nulls are left out when writing, so a reader must treat a missing nullable member as null: a command with no
/// requested ship date is as valid as one with. Members that are not nullable (ids, lines, amounts) stay required,
/// and a command missing one is refused with the member's name.
/// </remarks>
public static class WriteCommandSerializer
{
    private static readonly JsonTypeInfo<WriteCommand> CommandInfo = CreateCommandInfo();
    /// <summary>Serializes <paramref name="command"/> to JSON text.</summary>
    public static string Serialize(WriteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return JsonSerializer.Serialize(command, CommandInfo);
    }

    /// <summary>Deserializes a command, checking its schema.</summary>
    /// <exception cref="WriteCommandFormatException">The text is not JSON, not a command, or of another schema.</exception>
    public static WriteCommand Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        WriteCommand? command;
        try
        {
            command = JsonSerializer.Deserialize(json, CommandInfo);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            throw new WriteCommandFormatException($"Not a valid write command{where}: {ex.Message}", ex);
        }

        if (command is null)
        {
            throw new WriteCommandFormatException("Not a valid write command: the JSON is null.");
        }

        if (!string.Equals(command.Schema, WriteCommand.CurrentSchema, StringComparison.Ordinal))
        {
            throw new WriteCommandFormatException(
                $"Unsupported write command schema '{command.Schema}'; this version reads '{WriteCommand.CurrentSchema}'.");
        }

        if (command.Kind != command.Payload.Kind)
        {
            throw new WriteCommandFormatException(
                $"The command kind '{command.Kind.Name}' does not match its payload type '{command.Payload.Kind.Name}'.");
        }

        return command;
    }

    private static JsonTypeInfo<WriteCommand> CreateCommandInfo()
    {
        JsonSerializerOptions options = new(WriteCommandJsonContext.Default.Options)
        {
            TypeInfoResolver = WriteCommandJsonContext.Default.WithAddedModifier(RequireNonNullableParameters),
        };
        return (JsonTypeInfo<WriteCommand>)options.GetTypeInfo(typeof(WriteCommand));
    }

    // A constructor parameter that is not nullable and has no default must be present; every other one may be absent.
    private static void RequireNonNullableParameters(JsonTypeInfo typeInfo)
    {
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.AssociatedParameter is { } parameter)
            {
                property.IsRequired = !parameter.IsNullable && !parameter.HasDefaultValue;
            }
        }
    }
}

/// <summary>A serialized write command could not be read; the message says what is wrong.</summary>
public sealed class WriteCommandFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WriteCommandFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WriteCommandFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the JSON error.</summary>
    public WriteCommandFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
