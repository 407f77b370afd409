namespace P21.Connector.Poll.Entities;

/// <summary>A P21 table the poller reads incrementally: its name, keyset key columns and columns to select.</summary>
/// <param name="Table">The OData table name (e.g. <c>oe_hdr</c>).</param>
/// <param name="KeyColumns">Columns that, after <c>date_last_modified</c>, make the keyset order total.</param>
/// <param name="Select">The <c>$select</c> list (must include the key columns and <c>date_last_modified</c>).</param>
/// <param name="Filter">An extra <c>$filter</c> clause, or null.</param>
public sealed record PollSource(string Table, IReadOnlyList<string> KeyColumns, IReadOnlyList<string> Select, string? Filter = null);
