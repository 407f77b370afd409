namespace P21.Connector.Push;

/// <summary>
/// A push target's credential is missing or was refused. Nothing is parked: every change of the target would fail the
/// same way, so the run stops and says which secret to fix (its name, never its value).
/// </summary>
public sealed class PushCredentialException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PushCredentialException()
    {
    }

    /// <summary>Creates the exception with a message naming the secret.</summary>
    public PushCredentialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PushCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
