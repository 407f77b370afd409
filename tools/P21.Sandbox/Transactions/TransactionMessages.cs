namespace P21.Sandbox.Transactions;

/// <summary>Transaction API request (property names are case-sensitive, as in P21).</summary>
internal sealed record TransactionRequest(string? Name, bool UseCodeValues, bool IgnoreDisabled, List<TransactionSet>? Transactions);

/// <summary>One transaction of a request; Status must be "New".</summary>
internal sealed record TransactionSet(string? Status, List<DataElement>? DataElements);

/// <summary>One data window of a transaction.</summary>
internal sealed record DataElement(string? Name, string? Type, List<string>? Keys, List<DataRow>? Rows);

/// <summary>One row of edits, replayed as if typed in order.</summary>
internal sealed record DataRow(List<FieldEdit>? Edits, List<RelativeDateEdit>? RelativeDateEdits);

/// <summary>One field edit; Value is always a string.</summary>
internal sealed record FieldEdit(string? Name, string? Value, bool? IgnoreIfEmpty);

/// <summary>A date relative to today.</summary>
internal sealed record RelativeDateEdit(string? Name, string? RelativeDate, int? NumberOfDays);

/// <summary>
/// The documented body of <c>/transaction/get</c>: a service name and, per record, the element and its key values.
/// </summary>
internal sealed record TransactionGetRequest(string? ServiceName, List<TransactionState>? TransactionStates);

/// <summary>One record to read: the data element that carries its keys, and the key values.</summary>
internal sealed record TransactionState(string? DataElementName, List<KeyValue>? Keys);

/// <summary>A key field and its value.</summary>
internal sealed record KeyValue(string? Name, string? Value);

/// <summary>Transaction API answer; HTTP 200 even when transactions failed.</summary>
internal sealed record TransactionResponse(List<string> Messages, TransactionResults? Results, TransactionSummary Summary);

/// <summary>transaction/get answer: the records at the top level, without the write envelope's Messages, Results and Summary.</summary>
internal sealed record TransactionGetResponse(List<TransactionResult> Transactions);

internal sealed record TransactionResults(string Name, List<TransactionResult> Transactions);

internal sealed record TransactionResult(List<ResultElement> DataElements, string Status);

internal sealed record ResultElement(string Name, string Type, List<string> Keys, List<ResultRow> Rows);

internal sealed record ResultRow(List<ResultEdit> Edits);

internal sealed record ResultEdit(string Name, string? Value);

internal sealed record TransactionSummary(int Succeeded, int Failed, int Other);

/// <summary>GET /api/v2/definition/{service} answer.</summary>
internal sealed record ServiceDefinitionResponse(string Name, TransactionDefinition TransactionDefinition, DefinitionTemplate Template);

internal sealed record TransactionDefinition(string Name, List<DataElementDefinition> DataElementDefinitions);

internal sealed record DataElementDefinition(string Name, string Type, string BusinessObjectName, List<string> KeyFields, List<FieldDefinition> FieldDefinitions);

internal sealed record FieldDefinition(string Name, string DbColumnName, string DataType, bool Required, bool Disabled, List<string> ValidValues);

/// <summary>GET /api/v2/services entry.</summary>
internal sealed record ServiceSummary(string Name, string Description);
