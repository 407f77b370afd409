using System.Text;

using P21.Connector.Storage;

namespace P21.Cli.Commands.Mappings;

/// <summary>One valid CSV row.</summary>
internal sealed record MappingRow(int Line, MappingKind Kind, string Source, string Key, string Value);

/// <summary>
/// Reads and writes the mappings CSV (<c>kind,source,key,value</c>, RFC 4180 quoting). Every problem is reported with
/// its line number and the fix, and all of them at once, so one edit of the file is enough.
/// </summary>
internal static class MappingCsv
{
    public const string Header = "kind,source,key,value";

    private static readonly Dictionary<string, MappingKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sku"] = MappingKind.Sku,
        ["customer"] = MappingKind.Customer,
        ["ship-to"] = MappingKind.ShipTo,
        ["gl-account"] = MappingKind.GlAccount,
    };

    public static IReadOnlyCollection<MappingKind> WellKnownKinds => Kinds.Values;

    public static bool TryKind(string name, out MappingKind kind) => Kinds.TryGetValue(name.Trim(), out kind);

    public static (IReadOnlyList<MappingRow> Rows, IReadOnlyList<string> Errors) Parse(string text)
    {
        var rows = new List<MappingRow>();
        var errors = new List<string>();
        string[] lines = text.TrimStart('\uFEFF').Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!TrySplit(line, out List<string> fields))
            {
                errors.Add($"line {number}: an opening quote is never closed — close it, or double a quote inside a field (\"\")");
                continue;
            }

            if (i == 0 && string.Equals(string.Join(',', fields.Select(f => f.Trim())), Header, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (fields.Count != 4)
            {
                errors.Add($"line {number}: expected 4 fields ({Header}) but found {fields.Count} — quote a value that contains a comma");
                continue;
            }

            string kindName = fields[0].Trim(), source = fields[1].Trim(), key = fields[2].Trim(), value = fields[3].Trim();
            if (!Kinds.TryGetValue(kindName, out MappingKind kind))
            {
                errors.Add($"line {number}: unknown kind '{kindName}' — use sku, customer, ship-to or gl-account");
                continue;
            }

            if (source.Length == 0 || key.Length == 0 || value.Length == 0)
            {
                string missing = source.Length == 0 ? "source" : key.Length == 0 ? "key" : "value";
                errors.Add($"line {number}: the {missing} is empty — every line needs kind, source, key and value");
                continue;
            }

            if (kind == MappingKind.GlAccount)
            {
                string[] parts = key.Split('|');
                if (parts.Length != 3 || parts.Any(p => p.Trim().Length == 0))
                {
                    errors.Add($"line {number}: a gl-account key is 'transaction type|amount type|amount description', e.g. Order|ItemFees|Commission");
                    continue;
                }

                key = MappingKey.ForGlAccount(parts[0], parts[1], parts[2]);
            }

            rows.Add(new MappingRow(number, kind, source.ToLowerInvariant(), key, value));
        }

        return (rows, errors);
    }

    public static string Format(Mapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return string.Join(',', Quote(mapping.Kind.Name), Quote(mapping.Source), Quote(mapping.Key), Quote(mapping.Value));
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static bool TrySplit(string line, out List<string> fields)
    {
        fields = [];
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return !quoted;
    }
}
