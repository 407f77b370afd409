namespace P21.Connector.Poll.Schema;

/// <summary>Compares two schema snapshots: added, removed and retyped tables and columns.</summary>
public static class SchemaDiff
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/>, tables in name order and columns in the
    /// order they are declared. Names compare case-insensitively (P21 table names are); nullability is not drift.
    /// </summary>
    public static IReadOnlyList<SchemaChange> Compare(SchemaDocument before, SchemaDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<SchemaChange>();
        var names = before.Tables.Select(t => t.Name)
            .Concat(after.Tables.Select(t => t.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            TableSchema? old = before.Find(name);
            TableSchema? live = after.Find(name);
            if (old is null)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.TableAdded, name, null, null, null));
                continue;
            }

            if (live is null)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.TableRemoved, name, null, null, null));
                continue;
            }

            CompareColumns(old, live, changes);
        }

        return changes;
    }

    private static void CompareColumns(TableSchema old, TableSchema live, List<SchemaChange> changes)
    {
        foreach (ColumnSchema column in old.Columns)
        {
            ColumnSchema? now = live.Find(column.Name);
            if (now is null)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.ColumnRemoved, old.Name, column.Name, column.DisplayType, null));
            }
            else if (!string.Equals(column.Type, now.Type, StringComparison.OrdinalIgnoreCase) || column.MaxLength != now.MaxLength)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.ColumnRetyped, old.Name, column.Name, column.DisplayType, now.DisplayType));
            }
        }

        foreach (ColumnSchema column in live.Columns.Where(c => old.Find(c.Name) is null))
        {
            changes.Add(new SchemaChange(SchemaChangeKind.ColumnAdded, old.Name, column.Name, null, column.DisplayType));
        }
    }
}
