namespace P21.Connector.Write;

/// <summary>
/// One P21 Transaction API transaction as the handlers compose it: elements in the order a user would fill the
/// window (P21 replays edits like keystrokes, so order matters), edits with null values left out.
/// </summary>
internal sealed class TransactionDraft
{
    private readonly List<ElementDraft> _elements = [];

    public TransactionDraft(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        Service = service;
    }

    /// <summary>The Transaction API service, e.g. <c>Order</c>.</summary>
    public string Service { get; }

    /// <summary>The elements in submission order.</summary>
    public IReadOnlyList<ElementDraft> Elements => _elements;

    /// <summary>Adds a form element with one row.</summary>
    public TransactionDraft Form(string name, params (string Name, string? Value)[] edits) =>
        Add(new ElementDraft(name, "Form", [], [Row(edits)]));

    /// <summary>Adds a form element keyed on <paramref name="keys"/> (an update of an existing record).</summary>
    public TransactionDraft KeyedForm(string name, IReadOnlyList<string> keys, params (string Name, string? Value)[] edits) =>
        Add(new ElementDraft(name, "Form", keys, [Row(edits)]));

    /// <summary>Adds a list element; rows agreeing on <paramref name="keys"/> collapse in P21, so keys must tell rows apart.</summary>
    public TransactionDraft List(string name, IReadOnlyList<string> keys, IEnumerable<(string Name, string? Value)[]> rows) =>
        Add(new ElementDraft(name, "List", keys, [.. rows.Select(Row)]));

    private TransactionDraft Add(ElementDraft element)
    {
        _elements.Add(element);
        return this;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Row((string Name, string? Value)[] edits) =>
        [.. edits.Where(e => e.Value is not null).Select(e => KeyValuePair.Create(e.Name, e.Value!))];
}

/// <summary>One data element of a <see cref="TransactionDraft"/>.</summary>
internal sealed record ElementDraft(
    string Name,
    string Type,
    IReadOnlyList<string> Keys,
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Rows);
