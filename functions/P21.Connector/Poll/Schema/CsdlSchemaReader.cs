using System.Text.Json;

namespace P21.Connector.Poll.Schema;

/// <summary>
/// Reads tables and columns from an OData v4 JSON CSDL document (P21's <c>$metadata</c>, about 4 MB on a real
/// server): entity sets of the container, each with its entity type's structural properties.
/// </summary>
/// <remarks>
/// JSON CSDL leaves out defaults: a property without <c>$Type</c> is <c>Edm.String</c>, one without
/// <c>$Nullable</c> is not nullable. Navigation properties are skipped; P21 declares none.
/// </remarks>
public static class CsdlSchemaReader
{
    /// <summary>Reads the tables named in <paramref name="tables"/> (all when null), in name order.</summary>
    /// <exception cref="FormatException">The document is not JSON CSDL (names what is missing).</exception>
    public static IReadOnlyList<TableSchema> Read(JsonDocument csdl, IEnumerable<string>? tables = null)
    {
        ArgumentNullException.ThrowIfNull(csdl);
        JsonElement root = csdl.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("$Version", out _))
        {
            throw new FormatException("The $metadata answer is not JSON CSDL (no $Version member); the OData service must be v4.");
        }

        var types = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        var sets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty schema in root.EnumerateObject().Where(p => !p.Name.StartsWith('$') && p.Value.ValueKind == JsonValueKind.Object))
        {
            string? alias = schema.Value.TryGetProperty("$Alias", out JsonElement a) ? a.GetString() : null;
            foreach (JsonProperty member in schema.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                string kind = member.Value.TryGetProperty("$Kind", out JsonElement k) ? k.GetString() ?? "" : "";
                if (kind == "EntityType")
                {
                    types[$"{schema.Name}.{member.Name}"] = member.Value;
                    if (alias is not null)
                    {
                        types[$"{alias}.{member.Name}"] = member.Value;
                    }
                }
                else if (kind == "EntityContainer")
                {
                    foreach (JsonProperty set in member.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                    {
                        if (set.Value.TryGetProperty("$Type", out JsonElement type) && type.GetString() is { } typeName)
                        {
                            sets[set.Name] = typeName;
                        }
                    }
                }
            }
        }

        HashSet<string>? wanted = tables is null ? null : new HashSet<string>(tables, StringComparer.OrdinalIgnoreCase);
        var result = new List<TableSchema>();
        foreach ((string set, string typeName) in sets.OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase))
        {
            if ((wanted is null || wanted.Contains(set)) && types.TryGetValue(typeName, out JsonElement type))
            {
                result.Add(ReadTable(set, type));
            }
        }

        return result;
    }

    private static TableSchema ReadTable(string name, JsonElement type)
    {
        IReadOnlyList<string> key = type.TryGetProperty("$Key", out JsonElement keys) && keys.ValueKind == JsonValueKind.Array
            ? [.. keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!)]
            : [];
        var columns = new List<ColumnSchema>();
        foreach (JsonProperty member in type.EnumerateObject())
        {
            if (member.Name.StartsWith('$') || member.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            JsonElement p = member.Value;
            if (p.TryGetProperty("$Kind", out JsonElement kind) && kind.GetString() != "Property")
            {
                continue;
            }

            string edmType = p.TryGetProperty("$Type", out JsonElement t) && t.GetString() is { } typeName ? typeName : "Edm.String";
            int? maxLength = p.TryGetProperty("$MaxLength", out JsonElement m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out int length) ? length : null;
            bool nullable = p.TryGetProperty("$Nullable", out JsonElement n) && n.ValueKind == JsonValueKind.True;
            columns.Add(new ColumnSchema(member.Name, edmType, maxLength, nullable));
        }

        return new TableSchema(name, key, columns);
    }
}
