using System.Net;

namespace P21.Connector.Amazon;

/// <summary>
/// An SP-API call failed: Amazon's first error of <c>{"errors":[{"code","message","details"}]}</c> (ordersV0.json
/// <c>ErrorList</c>), or a transient failure that outlived the retries.
/// </summary>
public sealed class SpApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpApiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SpApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Amazon's error code, message and the answer's status.</summary>
    public SpApiException(string code, string message, HttpStatusCode status)
        : base($"SP-API {(int)status} {code}: {message}")
    {
        Code = code;
        Status = status;
    }

    /// <summary>Amazon's error code (<c>InvalidInput</c>, <c>QuotaExceeded</c>, <c>Unauthorized</c> …), or the status's name.</summary>
    public string Code { get; } = "";

    /// <summary>The HTTP status of the last answer.</summary>
    public HttpStatusCode Status { get; }
}
