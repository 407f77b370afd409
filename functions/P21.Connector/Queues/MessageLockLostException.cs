namespace P21.Connector.Queues;

/// <summary>The message's lock expired or it was settled already; another receiver may hold it now.</summary>
public sealed class MessageLockLostException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public MessageLockLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MessageLockLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MessageLockLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
