namespace P21.Sandbox.OData;

/// <summary>A query P21 would refuse (unsupported function or operator); answered with 404 like P21 does for now().</summary>
internal sealed class ODataQueryRejectedException(string message) : Exception(message)
{
    public ODataQueryRejectedException()
        : this("The query is not supported.")
    {
    }

    public ODataQueryRejectedException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}
