namespace P21.Connector.Client.Models;

/// <summary>A read of complete records by key: <c>POST {uiServer}/api/v2/transaction/get</c>.</summary>
/// <param name="ServiceName">The service, e.g. <c>Order</c>.</param>
/// <param name="TransactionStates">One entry per data element to read. (A body without it returns a blank template with 200.)</param>
public sealed record TransactionGetRequest(string ServiceName, IReadOnlyList<TransactionState> TransactionStates)
{
    /// <summary>Reads one element of <paramref name="service"/> by a single key.</summary>
    public static TransactionGetRequest ByKey(string service, string dataElement, string keyName, string keyValue) =>
        new(service, [new TransactionState(dataElement, [new TransactionKey(keyName, keyValue)])]);
}

/// <summary>Which data element to read and by which keys.</summary>
/// <param name="DataElementName">E.g. <c>TABPAGE_1.order</c>.</param>
/// <param name="Keys">Key name/value pairs.</param>
public sealed record TransactionState(string DataElementName, IReadOnlyList<TransactionKey> Keys);

/// <summary>A key name and its value (always a string).</summary>
/// <param name="Name">Key column.</param>
/// <param name="Value">Key value.</param>
public sealed record TransactionKey(string Name, string Value);
