namespace P21.Connector.Storage;

/// <summary>A ledger change that the entry's state does not allow (a missing key, or parking a committed command).</summary>
public sealed class LedgerTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LedgerTransitionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerTransitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public LedgerTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
