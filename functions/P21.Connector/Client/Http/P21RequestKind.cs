namespace P21.Connector.Client.Http;

/// <summary>What a request does; decides retries and which concurrency slot it takes.</summary>
internal enum P21RequestKind
{
    /// <summary>A read (GET, OData, <c>transaction/get</c>): idempotent, retried on transient failures.</summary>
    Read,

    /// <summary>A write (transaction, GL post): never retried blindly; the writer owns idempotency.</summary>
    Write,

    /// <summary>A token request: no bearer header, retried like a read.</summary>
    Token,
}

/// <summary>Per-request settings the handlers read.</summary>
internal static class P21RequestOptions
{
    public static readonly HttpRequestOptionsKey<P21RequestKind> Kind = new("P21.RequestKind");

    public static readonly HttpRequestOptionsKey<string> Operation = new("P21.Operation");

    public static P21RequestKind GetKind(this HttpRequestMessage request)
    {
        return request.Options.TryGetValue(Kind, out P21RequestKind kind)
            ? kind
            : request.Method == HttpMethod.Get || request.Method == HttpMethod.Head ? P21RequestKind.Read : P21RequestKind.Write;
    }

    public static bool IsIdempotent(this HttpRequestMessage? request) =>
        request is not null && request.GetKind() != P21RequestKind.Write;
}
