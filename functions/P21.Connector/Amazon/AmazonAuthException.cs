namespace P21.Connector.Amazon;

/// <summary>
/// Login with Amazon refused the credentials (a revoked refresh token, a wrong client secret) or a secret is missing.
/// Retrying cannot help, so the message says which setting's secret to fix (its name, never its value).
/// </summary>
public sealed class AmazonAuthException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AmazonAuthException()
    {
    }

    /// <summary>Creates the exception with a message naming the setting to fix.</summary>
    public AmazonAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AmazonAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
