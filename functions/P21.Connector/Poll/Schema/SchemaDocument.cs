namespace P21.Connector.Poll.Schema;

/// <summary>A snapshot of the P21 tables the connector reads, as the OData <c>$metadata</c> describes them.</summary>
/// <param name="FormatVersion">Snapshot format; a reader that meets a newer one refuses rather than misreads.</param>
/// <param name="Connection">The connection the snapshot was taken from.</param>
/// <param name="TakenUtc">When it was taken.</param>
/// <param name="Tables">The tables, in name order.</param>
public sealed record SchemaDocument(int FormatVersion, string Connection, DateTimeOffset TakenUtc, IReadOnlyList<TableSchema> Tables)
{
    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The table named <paramref name="name"/> (case-insensitive), or null.</summary>
    public TableSchema? Find(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One table: its key and columns.</summary>
/// <param name="Name">The OData entity set (P21 table) name.</param>
/// <param name="Key">Key columns.</param>
/// <param name="Columns">Columns in declaration order.</param>
public sealed record TableSchema(string Name, IReadOnlyList<string> Key, IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>True for P21 user-defined (custom field) tables, e.g. <c>customer_ud</c>.</summary>
    public bool IsUserDefined => Name.EndsWith("_ud", StringComparison.OrdinalIgnoreCase);

    /// <summary>The column named <paramref name="name"/> (case-insensitive), or null.</summary>
    public ColumnSchema? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">EDM type, e.g. <c>Edm.String</c>, <c>Edm.Decimal</c>, <c>Edm.DateTimeOffset</c>.</param>
/// <param name="MaxLength">Declared maximum length (strings), or null.</param>
/// <param name="Nullable">Whether the column may be null.</param>
public sealed record ColumnSchema(string Name, string Type, int? MaxLength, bool Nullable)
{
    /// <summary>The type as people read it, e.g. <c>Edm.String(40)</c>.</summary>
    public string DisplayType => MaxLength is { } length ? $"{Type}({length})" : Type;
}
