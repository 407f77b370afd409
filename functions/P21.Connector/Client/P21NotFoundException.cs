namespace P21.Connector.Client;

/// <summary>P21 answered 404: usually an unknown table, view or column, or the wrong table/view path.</summary>
public class P21NotFoundException : P21RequestFailedException
{
    /// <summary>The hint every 404 carries.</summary>
    public const string DefaultHint = "unknown table or column (or table vs view path, or a quoted numeric id), or a BaseUrl whose path is not the P21 web server's root (e.g. https://p21.example.com:3443/); probe with $top=1";

    /// <summary>Creates the exception.</summary>
    public P21NotFoundException(string message, string? errorCode = null, string? p21Message = null, string? responseBody = null, string? hint = DefaultHint)
        : base(message, 404, isTransient: false, errorCode, p21Message, responseBody, hint)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public P21NotFoundException(string message, Exception innerException)
        : base(message, 404, false, hint: DefaultHint, innerException: innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public P21NotFoundException()
        : this("P21 answered 404.")
    {
    }
}
