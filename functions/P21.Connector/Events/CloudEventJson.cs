using System.Text;
using System.Text.Json;

namespace P21.Connector.Events;

/// <summary>
/// CloudEvents 1.0 structured-mode JSON (content type <c>application/cloudevents+json</c>) for <see cref="ChangeEvent"/>.
/// Written by hand with <see cref="Utf8JsonWriter"/> so the attribute names are exactly the spec's lower-case ones.
/// </summary>
public static class CloudEventJson
{
    /// <summary>The structured-mode media type.</summary>
    public const string MediaType = "application/cloudevents+json";

    /// <summary>Serialises one event to UTF-8 JSON (no trailing newline).</summary>
    public static byte[] SerializeToUtf8Bytes(ChangeEvent changeEvent)
    {
        ArgumentNullException.ThrowIfNull(changeEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, changeEvent);
        }

        return buffer.ToArray();
    }

    /// <summary>Serialises one event to a JSON string.</summary>
    public static string Serialize(ChangeEvent changeEvent) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(changeEvent));

    /// <summary>Writes one event as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, ChangeEvent changeEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(changeEvent);
        writer.WriteStartObject();
        writer.WriteString("specversion", changeEvent.SpecVersion);
        writer.WriteString("id", changeEvent.Id);
        writer.WriteString("source", changeEvent.Source);
        writer.WriteString("type", changeEvent.Type);
        writer.WriteString("subject", changeEvent.Subject);
        writer.WriteString("time", changeEvent.Time.ToUniversalTime());
        writer.WriteString("datacontenttype", changeEvent.DataContentType);
        writer.WritePropertyName("data");
        changeEvent.Data.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>Reads a structured-mode event.</summary>
    /// <exception cref="FormatException">The JSON is not a CloudEvent with the attributes this connector writes.</exception>
    public static ChangeEvent Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A CloudEvent must be a JSON object.");
            }

            string Required(string name) =>
                root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                    ? text
                    : throw new FormatException($"The CloudEvent has no '{name}' attribute.");

            var specVersion = Required("specversion");
            if (specVersion != "1.0")
            {
                throw new FormatException($"CloudEvents spec version '{specVersion}' is not supported; expected 1.0.");
            }

            var time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String ? t.GetDateTimeOffset() : default;
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new ChangeEvent(Required("id"), Required("source"), Required("type"),
                root.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "", time, data)
            {
                DataContentType = root.TryGetProperty("datacontenttype", out var c) ? c.GetString() ?? "application/json" : "application/json",
            };
        }
        catch (JsonException ex)
        {
            throw new FormatException("The CloudEvent is not valid JSON: " + ex.Message, ex);
        }
    }

    /// <summary>Reads a structured-mode event from a string.</summary>
    public static ChangeEvent Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(Encoding.UTF8.GetBytes(json));
    }
}
