namespace P21.Connector.Poll.Pricing;

/// <summary>A price question that cannot be asked: <see cref="ArgumentException.ParamName"/> names the field, <see cref="Reason"/> says what is wrong.</summary>
public sealed class PriceQuestionException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field at fault: <c>customerId</c>, <c>items</c>, <c>qty</c> or <c>prices</c>.</param>
    /// <param name="reason">What is wrong with it, for a 400's detail or a CLI message.</param>
    public PriceQuestionException(string field, string reason)
        : base(reason, field)
    {
        Reason = reason;
    }

    /// <summary>Creates an exception with only a message (serialisation and tests).</summary>
    public PriceQuestionException()
        : this("prices", "The price question is not valid.")
    {
    }

    /// <summary>Creates an exception with only a message (serialisation and tests).</summary>
    public PriceQuestionException(string message, Exception innerException)
        : base(message, "prices", innerException)
    {
        Reason = message;
    }

    /// <summary>What is wrong, without the parameter suffix <see cref="ArgumentException.Message"/> adds.</summary>
    public string Reason { get; } = "";
}
