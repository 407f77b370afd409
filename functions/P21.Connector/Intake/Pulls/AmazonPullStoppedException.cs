namespace P21.Connector.Intake.Pulls;

/// <summary>
/// An Amazon pull stopped before the end because the write path could not take an order (the write queue is down);
/// the watermark stays before that order, so the next pull hands it over again.
/// </summary>
public sealed class AmazonPullStoppedException : Exception
{
    /// <summary>Creates the exception with a message naming the order and the cause.</summary>
    public AmazonPullStoppedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public AmazonPullStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
