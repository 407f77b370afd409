namespace P21.Connector.Storage;

/// <summary>What a mapping translates; the well-known kinds are listed, any other non-empty name is allowed.</summary>
/// <param name="Name">The kind's stable name (part of the table key: never rename one in use).</param>
public readonly record struct MappingKind(string Name)
{
    /// <summary>Platform SKU → P21 <c>item_id</c>. Keys are normalized (see <see cref="MappingKey.Normalize"/>).</summary>
    public static MappingKind Sku { get; } = new("sku");

    /// <summary>Platform customer id → P21 <c>customer_id</c>.</summary>
    public static MappingKind Customer { get; } = new("customer");

    /// <summary>Platform address id → P21 ship-to id.</summary>
    public static MappingKind ShipTo { get; } = new("ship-to");

    /// <summary>Settlement (transaction type, amount type, amount description) → GL account number; keys from <see cref="MappingKey.ForGlAccount"/>.</summary>
    public static MappingKind GlAccount { get; } = new("gl-account");

    /// <inheritdoc />
    public override string ToString() => Name;
}
