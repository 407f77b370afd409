namespace P21.Connector.Push;

/// <summary>
/// The platform kept failing transiently (429, 5xx, timeouts) past the retries. The run stops; what was pushed is kept
/// (positions commit per batch), and the next run pushes the rest.
/// </summary>
public sealed class PushTransientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PushTransientException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PushTransientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PushTransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
