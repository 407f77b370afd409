namespace P21.Connector.Client;

/// <summary>
/// A P21 call failed. Carries the HTTP status, P21's error code and message, a truncated body and a hint that says
/// what to fix. <see cref="IsTransient"/> tells a writer whether trying again later can succeed.
/// </summary>
/// <remarks>
/// Not derived from Azure.RequestFailedException on purpose: the writer talks to Azure Storage and P21 in the
/// same method and must never confuse the two.
/// </remarks>
public class P21RequestFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public P21RequestFailedException(
        string message,
        int status,
        bool isTransient,
        string? errorCode = null,
        string? p21Message = null,
        string? responseBody = null,
        string? hint = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        IsTransient = isTransient;
        ErrorCode = errorCode;
        P21Message = p21Message;
        ResponseBody = responseBody;
        Hint = hint;
    }

    /// <summary>Creates an exception with only a message (serialisation and tests).</summary>
    public P21RequestFailedException(string message)
        : this(message, 0, false)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public P21RequestFailedException(string message, Exception innerException)
        : this(message, 0, false, innerException: innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public P21RequestFailedException()
        : this("The P21 request failed.")
    {
    }

    /// <summary>HTTP status; 0 when no response arrived (network failure, timeout, open circuit).</summary>
    public int Status { get; }

    /// <summary>P21's error type or OData error code (e.g. <c>P21.Business.Common.BusinessException</c>), when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>P21's own message text, unchanged.</summary>
    public string? P21Message { get; }

    /// <summary>The start of the response body (at most 1,000 characters), for diagnosis.</summary>
    public string? ResponseBody { get; }

    /// <summary>What to check or change.</summary>
    public string? Hint { get; }

    /// <summary>
    /// True when the same request may succeed later (5xx other than a business rule, 408, 429, timeouts, network,
    /// open circuit); false for 4xx and rejected transactions.
    /// </summary>
    public bool IsTransient { get; }
}
