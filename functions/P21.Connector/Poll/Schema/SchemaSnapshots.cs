using System.Text.Json;

namespace P21.Connector.Poll.Schema;

/// <summary>Serializes schema snapshots (the JSON kept in <c>ISchemaSnapshotStore</c> and in snapshot files).</summary>
public static class SchemaSnapshots
{
    /// <summary>The snapshot name the CLI and the drift check use in the store.</summary>
    public const string DefaultName = "odata";

    /// <summary>Indented JSON of <paramref name="document"/>.</summary>
    public static string Serialize(SchemaDocument document) =>
        JsonSerializer.Serialize(document, SchemaJsonContext.Default.SchemaDocument);

    /// <summary>Reads a snapshot.</summary>
    /// <exception cref="FormatException">Not a snapshot, or a newer format (the message says which).</exception>
    public static SchemaDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        SchemaDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, SchemaJsonContext.Default.SchemaDocument);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a schema snapshot: {ex.Message}", ex);
        }

        if (document?.Tables is null)
        {
            throw new FormatException("not a schema snapshot: no tables member");
        }

        return document.FormatVersion == SchemaDocument.CurrentFormatVersion
            ? document
            : throw new FormatException($"snapshot format {document.FormatVersion} is not readable by this build (reads {SchemaDocument.CurrentFormatVersion})");
    }
}
