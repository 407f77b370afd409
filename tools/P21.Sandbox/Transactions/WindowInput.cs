namespace P21.Sandbox.Transactions;

/// <summary>The edits of one transaction after Keys collapsing: element name to rows of field values.</summary>
internal sealed class WindowInput(Dictionary<string, List<Dictionary<string, string?>>> elements, bool useCodeValues)
{
    public bool UseCodeValues => useCodeValues;

    public IReadOnlyList<Dictionary<string, string?>> Rows(string element) =>
        elements.TryGetValue(element, out List<Dictionary<string, string?>>? rows) ? rows : [];

    /// <summary>The single row of a Form element (an empty row when the element was not sent).</summary>
    public Dictionary<string, string?> Form(string element) => Rows(element) is [.., var last] ? last : [];

    public static string? Value(Dictionary<string, string?> row, string field) => row.TryGetValue(field, out string? value) ? value : null;
}
