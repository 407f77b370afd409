namespace P21.Connector.Intake;

/// <summary>Collects field-precise validation errors (path → messages) while a payload is read.</summary>
internal sealed class FieldErrors
{
    // A hostile body can hold millions of bad fields; the first few are enough to fix it.
    private const int MaxFields = 50;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            if (_errors.Count >= MaxFields)
            {
                return;
            }

            list = [];
            _errors[path] = list;
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToMap() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string Summary()
    {
        var first = _errors.Take(3).Select(e => $"{e.Key}: {e.Value[0]}");
        var more = _errors.Count > 3 ? $" (and {_errors.Count - 3} more)" : "";
        return string.Join("; ", first) + more;
    }
}
