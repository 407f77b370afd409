namespace P21.Connector.Client.Models;

/// <summary>One page of a keyset read.</summary>
/// <param name="Rows">The rows, in the query's order (<see cref="ChangeQuery.Order"/>).</param>
/// <param name="Last">The position of the last row; pass it as <see cref="ChangeQuery.After"/> to resume. Null on an empty page.</param>
public sealed record P21Page(IReadOnlyList<P21Row> Rows, KeysetPosition? Last);
