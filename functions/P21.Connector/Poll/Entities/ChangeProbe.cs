namespace P21.Connector.Poll.Entities;

/// <summary>
/// A <c>p21_view_es_*</c> view whose <c>max_date_last_modified</c> moves whenever any table it joins changes. Asked
/// once before an incremental run reads its streams: no row changed since the last read means the run is quiet and
/// reads nothing else. Only sound when <see cref="Covers"/> holds every table the entity polls (<see cref="CoversAll"/>).
/// </summary>
/// <param name="View">The view name, e.g. <c>p21_view_es_item</c>.</param>
/// <param name="Covers">
/// The tables whose <c>date_last_modified</c> feed the view's <c>max_date_last_modified</c>. P21 does not publish the
/// views' definitions: this is the connector's stated assumption per view (docs/entities.md, "Change probe").
/// </param>
public sealed record ChangeProbe(string View, IReadOnlyList<string> Covers)
{
    /// <summary>The view column that carries the latest change of the row and every row joined into it.</summary>
    public const string ModifiedColumn = "max_date_last_modified";

    /// <summary>Whether the view covers the primary table and every trigger table of <paramref name="entity"/>.</summary>
    public bool CoversAll(PollEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Streams.All(s => Covers.Contains(s.Table, StringComparer.OrdinalIgnoreCase));
    }
}
