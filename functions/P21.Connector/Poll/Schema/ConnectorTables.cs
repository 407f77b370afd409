using P21.Connector.Poll.Entities;

namespace P21.Connector.Poll.Schema;

/// <summary>
/// The P21 tables the connector reads or writes, with the columns it selects where it names them: what
/// <c>p21 check</c> probes, <c>p21 discover</c> snapshots and <c>p21 drift</c> compares.
/// </summary>
public static class ConnectorTables
{
    // Read by entity mappers through RowLookup (beyond the primary and trigger tables) and by the writer.
    private static readonly string[] LookupAndWriteTables =
    [
        "price_book", "price_library_x_book", "price_library", "inv_mast", "customer", "ship_to", "address", "contacts",
        "oe_hdr", "oe_line", "oe_pick_ticket", "location",
    ];

    /// <summary>Table name → the columns the poller selects (empty when it selects whatever the table has).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> From(PollEntityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var tables = new SortedDictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        void Add(string table, IEnumerable<string> columns)
        {
            if (!tables.TryGetValue(table, out HashSet<string>? set))
            {
                tables[table] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            set.UnionWith(columns);
        }

        foreach (PollEntity entity in catalogue.Entities)
        {
            Add(entity.Primary.Table, entity.Primary.Select);
            foreach (PollTrigger trigger in entity.Triggers)
            {
                Add(trigger.Source.Table, trigger.Source.Select);
            }
        }

        foreach (string table in LookupAndWriteTables)
        {
            Add(table, []);
        }

        return tables.ToDictionary(t => t.Key, t => (IReadOnlySet<string>)t.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The connector's tables plus every <c>*_ud</c> custom-field table of one of them that <paramref name="available"/>
    /// lists (e.g. <c>customer_ud</c> for <c>customer</c>).
    /// </summary>
    public static IReadOnlyList<string> WithUserDefined(IReadOnlyDictionary<string, IReadOnlySet<string>> tables, IEnumerable<string> available)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(available);
        var result = new SortedSet<string>(tables.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (string name in available)
        {
            if (name.EndsWith("_ud", StringComparison.OrdinalIgnoreCase) && tables.ContainsKey(name[..^3]))
            {
                result.Add(name);
            }
        }

        return [.. result];
    }
}
