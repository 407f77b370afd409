using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Sandbox.Json;

/// <summary>
/// Reads a JSON number or boolean into a string property as its literal text, the way P21's Json.NET binding coerces
/// primitives; used only when <see cref="SandboxOptions.LenientTransactionBinding"/> is on.
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.True => "True",
        JsonTokenType.False => "False",
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        _ => throw new JsonException($"Cannot bind a JSON {reader.TokenType} to a string."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value);
    }
}
