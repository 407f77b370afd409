using P21.Connector.Poll.Schema;

namespace P21.Cli.Commands.Discover;

/// <summary>
/// The mapping draft <c>p21 discover</c> writes: per connector table, the columns the poller reads, the columns it
/// does not, and the custom (<c>*_ud</c>) fields, with a CSV template for the operative mappings.
/// </summary>
internal sealed record MappingDraft(string Connection, DateTimeOffset GeneratedUtc, IReadOnlyList<TableDraft> Tables, IReadOnlyList<string> MappingsCsvTemplate);

/// <summary>One table of the draft.</summary>
internal sealed record TableDraft(string Table, IReadOnlyList<string> Used, IReadOnlyList<string> Unused, IReadOnlyList<CustomFieldDraft> CustomFields, IReadOnlyList<string> MissingColumns);

/// <summary>A custom field and the canonical field name it would map to.</summary>
internal sealed record CustomFieldDraft(string Table, string Column, string Type, string SuggestedField);

/// <summary>Builds a <see cref="MappingDraft"/> from a live schema.</summary>
internal static class MappingDrafts
{
    public static MappingDraft Create(SchemaDocument schema, IReadOnlyDictionary<string, IReadOnlySet<string>> used)
    {
        var tables = new List<TableDraft>();
        foreach ((string name, IReadOnlySet<string> columns) in used)
        {
            TableSchema? table = schema.Find(name);
            TableSchema? ud = schema.Find(name + "_ud");
            IReadOnlyList<CustomFieldDraft> custom = ud is null
                ? []
                : [.. ud.Columns.Where(c => !ud.Key.Contains(c.Name, StringComparer.OrdinalIgnoreCase) && !IsAudit(c.Name))
                    .Select(c => new CustomFieldDraft(ud.Name, c.Name, c.DisplayType, $"customFields.{c.Name}"))];
            tables.Add(new TableDraft(
                name,
                [.. columns.Order(StringComparer.OrdinalIgnoreCase)],
                table is null ? [] : [.. table.Columns.Select(c => c.Name).Where(c => !columns.Contains(c))],
                custom,
                table is null ? ["(table not on the OData service)"] : [.. columns.Where(c => table.Find(c) is null)]));
        }

        return new MappingDraft(schema.Connection, schema.TakenUtc, tables,
        [
            "kind,source,key,value",
            "sku,shopify,<storefront SKU>,<P21 item_id>",
            "customer,shopify,<platform customer id>,<P21 customer_id>",
            "ship-to,shopify,<platform address id>,<P21 ship_to_id>",
            "gl-account,amazon,Order|ItemFees|Commission,<P21 GL account number>",
        ]);
    }

    private static bool IsAudit(string column) =>
        column is "date_created" or "date_last_modified" or "last_maintained_by" or "created_by";
}
