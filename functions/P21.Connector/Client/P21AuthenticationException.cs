namespace P21.Connector.Client;

/// <summary>P21 refused our credentials or token (401/403) even after a fresh token and a re-read secret.</summary>
public class P21AuthenticationException : P21RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    public P21AuthenticationException(string message, int status, string? errorCode = null, string? p21Message = null, string? responseBody = null, string? hint = null, Exception? innerException = null)
        : base(message, status, isTransient: false, errorCode, p21Message, responseBody, hint, innerException)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public P21AuthenticationException(string message)
        : this(message, 401)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public P21AuthenticationException(string message, Exception innerException)
        : this(message, 401, innerException: innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public P21AuthenticationException()
        : this("P21 refused the credentials.")
    {
    }
}
