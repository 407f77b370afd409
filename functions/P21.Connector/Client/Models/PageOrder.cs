namespace P21.Connector.Client.Models;

/// <summary>The order a keyset read walks a table in (<see cref="ChangeQuery.Order"/>).</summary>
public enum PageOrder
{
    /// <summary>
    /// By (modified column, key columns…): the change feed. A position is a point in time, so rows changed after it are
    /// still ahead of the reader.
    /// </summary>
    Modified,

    /// <summary>
    /// By the key columns alone: a snapshot walk, as a backfill reads. The server walks its primary key instead of
    /// sorting by date, and the rows of one page have neighbouring keys, so their child rows are one key range.
    /// </summary>
    Key,
}
