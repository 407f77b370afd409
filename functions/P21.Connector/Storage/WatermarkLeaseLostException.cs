namespace P21.Connector.Storage;

/// <summary>The watermark changed since the lease was taken: another runner owns the entity now, so this run must stop.</summary>
public sealed class WatermarkLeaseLostException : Exception
{
    /// <summary>Creates the exception for a lease on (<paramref name="connection"/>, <paramref name="entity"/>).</summary>
    public WatermarkLeaseLostException(string connection, string entity, Exception? innerException = null)
        : base($"The watermark lease on {connection}/{entity} was lost to another runner; stop this run without committing.", innerException)
    {
        Connection = connection;
        Entity = entity;
    }

    /// <summary>Creates the exception with a message.</summary>
    public WatermarkLeaseLostException()
    {
        Connection = "";
        Entity = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public WatermarkLeaseLostException(string message)
        : base(message)
    {
        Connection = "";
        Entity = "";
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public WatermarkLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
        Connection = "";
        Entity = "";
    }

    /// <summary>The connection whose lease was lost.</summary>
    public string Connection { get; }

    /// <summary>The entity whose lease was lost.</summary>
    public string Entity { get; }
}
