namespace P21.Connector.Client.Models;

/// <summary>
/// A keyset-paged read of changed rows, ordered by (<see cref="ModifiedColumn"/>, <see cref="KeyColumns"/>...), or by
/// the key columns alone when <see cref="Order"/> is <see cref="PageOrder.Key"/>.
/// </summary>
/// <param name="Name">Table or view name.</param>
/// <param name="KeyColumns">Columns that make a row unique together with the modified column; never null in P21.</param>
/// <param name="Select">Columns to return, or null for all; the modified and key columns are always added.</param>
/// <param name="Filter">Extra raw OData <c>$filter</c> ANDed with the keyset predicate (e.g. <c>company_id eq 'ACME'</c>).</param>
/// <param name="After">Resume strictly after this row; null starts at <see cref="Since"/> or at the beginning.</param>
/// <param name="PageSize"><c>$top</c> per request; null uses the connection's PageSize.</param>
/// <param name="Surface">Table or view path.</param>
public sealed record ChangeQuery(
    string Name,
    IReadOnlyList<string> KeyColumns,
    IReadOnlyList<string>? Select = null,
    string? Filter = null,
    KeysetPosition? After = null,
    int? PageSize = null,
    ODataSurface Surface = ODataSurface.Table)
{
    /// <summary>The change timestamp column.</summary>
    /// <value>Default <c>date_last_modified</c>; <c>max_date_last_modified</c> on the <c>p21_view_es_*</c> views.</value>
    public string ModifiedColumn { get; init; } = "date_last_modified";

    /// <summary>
    /// Read rows modified at or after this instant (inclusive, <c>ge</c>). In <see cref="PageOrder.Modified"/> order it
    /// only starts a read without <see cref="After"/>; in <see cref="PageOrder.Key"/> order it filters every page.
    /// </summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The order of the walk; <see cref="PageOrder.Modified"/> (the change feed) unless set.</summary>
    public PageOrder Order { get; init; } = PageOrder.Modified;

    /// <summary>
    /// In <see cref="PageOrder.Key"/> order, the last key read (inclusive): the walk stops after it. One range of a
    /// backfill split into key ranges; null reads to the end.
    /// </summary>
    public KeysetPosition? Through { get; init; }
}
