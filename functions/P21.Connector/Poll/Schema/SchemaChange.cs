namespace P21.Connector.Poll.Schema;

/// <summary>What changed between two schema snapshots.</summary>
public enum SchemaChangeKind
{
    /// <summary>A table appeared.</summary>
    TableAdded,

    /// <summary>A table the snapshot had is gone.</summary>
    TableRemoved,

    /// <summary>A column appeared.</summary>
    ColumnAdded,

    /// <summary>A column the snapshot had is gone.</summary>
    ColumnRemoved,

    /// <summary>A column's type or length changed.</summary>
    ColumnRetyped,
}

/// <summary>One difference between the snapshot and the live schema.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Table">The table.</param>
/// <param name="Column">The column, or null for table-level changes.</param>
/// <param name="Before">The snapshot's type (removed and retyped columns).</param>
/// <param name="After">The live type (added and retyped columns).</param>
public sealed record SchemaChange(SchemaChangeKind Kind, string Table, string? Column, string? Before, string? After)
{
    /// <summary>One line, e.g. <c>customer.credit_limit retyped: Edm.Decimal → Edm.String(20)</c>.</summary>
    public override string ToString() => Kind switch
    {
        SchemaChangeKind.TableAdded => $"{Table}: table added",
        SchemaChangeKind.TableRemoved => $"{Table}: table removed",
        SchemaChangeKind.ColumnAdded => $"{Table}.{Column} added ({After})",
        SchemaChangeKind.ColumnRemoved => $"{Table}.{Column} removed (was {Before})",
        _ => $"{Table}.{Column} retyped: {Before} → {After}",
    };
}
