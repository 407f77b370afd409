namespace P21.Connector.Intake;

/// <summary>
/// One inbound delivery, host-agnostic. <paramref name="Kind"/> is <c>orders</c>, <c>customers</c>,
/// <c>purchase-orders</c> or <c>settlements</c>; <paramref name="Body"/> is the raw bytes the signature covers.
/// </summary>
public sealed record IntakeRequest(
    string Source,
    string Kind,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The headers, looked up case-insensitively whatever dictionary the host passed.</summary>
    public IReadOnlyDictionary<string, string> Headers
    {
        get;
        init => field = CaseInsensitive(value);
    } = CaseInsensitive(Headers);

    /// <summary>The value of header <paramref name="name"/>, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> CaseInsensitive(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            copy[name] = value;
        }

        return copy;
    }
}
