namespace P21.Connector.Client.Models;

/// <summary>An offset-paged OData read (<c>$top</c>/<c>$skip</c>) over one table or view.</summary>
/// <param name="Name">Table or view name (case-insensitive in P21).</param>
/// <param name="Surface">Table or view path.</param>
/// <param name="Filter">Raw OData <c>$filter</c>, or null. Build literals with <see cref="ODataLiterals"/>.</param>
/// <param name="Select">Columns to return, or null for all.</param>
/// <param name="OrderBy">A stable ordering (ideally the table's key); offset windows drift without one.</param>
/// <param name="PageSize"><c>$top</c> per request; null uses the connection's PageSize.</param>
public sealed record ODataQuery(
    string Name,
    ODataSurface Surface = ODataSurface.Table,
    string? Filter = null,
    IReadOnlyList<string>? Select = null,
    IReadOnlyList<string>? OrderBy = null,
    int? PageSize = null);
