namespace P21.Sandbox.Business;

/// <summary>A business rule refused the write; the message is what P21 would show the user.</summary>
internal sealed class BusinessRuleException : Exception
{
    public BusinessRuleException()
    {
    }

    public BusinessRuleException(string message)
        : base(message)
    {
    }

    public BusinessRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
