namespace P21.Connector.Storage;

/// <summary>The logical names of the connector's tables; <see cref="StorageOptions.TablePrefix"/> is prepended.</summary>
public static class StorageTableNames
{
    /// <summary>One row per (connection, entity): position, lease.</summary>
    public const string Watermarks = "Watermarks";

    /// <summary>Content hashes of published records.</summary>
    public const string Fingerprints = "Fingerprints";

    /// <summary>SKU, customer, ship-to and GL-account mappings.</summary>
    public const string Mappings = "Mappings";

    /// <summary>The idempotency ledger of write commands.</summary>
    public const string Ledger = "Ledger";

    /// <summary>Parked write commands and their payload chunks.</summary>
    public const string Parked = "Parked";

    /// <summary>Bodies of write commands too large for a queue message (claim check), in chunks.</summary>
    public const string CommandBodies = "CommandBodies";

    /// <summary>Named schema snapshots and their chunks.</summary>
    public const string SchemaSnapshots = "SchemaSnapshots";

    /// <summary>The last accepted storefront orders, newest first (for <c>p21 orders dry-run --last</c>).</summary>
    public const string RecentOrders = "RecentOrders";
}
