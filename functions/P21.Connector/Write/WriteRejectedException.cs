namespace P21.Connector.Write;

/// <summary>
/// A permanent failure found by a handler (unknown SKU, unmapped GL account, a date P21 refuses, P21's own validation
/// message). The writer parks the command with <see cref="Exception.Message"/> as the reason; retrying cannot help.
/// </summary>
public sealed class WriteRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">One line naming the cause, e.g. <c>unknown SKU ABC-1 (line 2)</c>.</param>
    /// <param name="details">Optional longer report (a per-line list, P21's messages verbatim).</param>
    public WriteRejectedException(string reason, string? details = null)
        : base(reason)
    {
        Details = details;
    }

    /// <summary>Creates the exception.</summary>
    public WriteRejectedException()
        : this("rejected")
    {
    }

    /// <summary>Creates the exception.</summary>
    public WriteRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The longer report stored with the parked record, or null.</summary>
    public string? Details { get; }
}
