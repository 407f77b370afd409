namespace P21.Connector.Client.Models;

/// <summary>
/// A Transaction API <c>TransactionSet</c>, posted to <c>{uiServer}/api/v2/transaction</c>. Property names mirror
/// P21's JSON exactly (they are case-sensitive there).
/// </summary>
/// <param name="Name">The service (P21 window), e.g. <c>Order</c>, <c>Customer</c>, <c>Shipping</c>.</param>
/// <param name="Transactions">The transactions; each succeeds or fails on its own.</param>
public sealed record TransactionRequest(string Name, IReadOnlyList<P21Transaction> Transactions)
{
    /// <summary>True to send codes (<c>Y</c>/<c>N</c>), false to send display labels (<c>ON</c>/<c>OFF</c>).</summary>
    /// <value>Default false.</value>
    public bool UseCodeValues { get; init; }

    /// <summary>Lets the transaction continue past disabled fields; valid only at this level.</summary>
    /// <value>Default false.</value>
    public bool IgnoreDisabled { get; init; }

    /// <summary>Starts a request for <paramref name="service"/> with one transaction made of <paramref name="elements"/>.</summary>
    public static TransactionRequest Single(string service, params DataElement[] elements) =>
        new(service, [new P21Transaction(elements)]);
}

/// <summary>One transaction: a set of window elements saved atomically.</summary>
/// <param name="DataElements">The tabs/datawindows to fill, in the order a user would.</param>
public sealed record P21Transaction(IReadOnlyList<DataElement> DataElements)
{
    /// <summary>Always <c>New</c> on requests, for creates and updates alike; responses carry <c>Passed</c> or <c>Failed</c>.</summary>
    public string Status { get; init; } = "New";
}

/// <summary>One tab/datawindow of the window, e.g. <c>TABPAGE_1.order</c>.</summary>
/// <param name="Name">Tab and datawindow name.</param>
/// <param name="Type"><c>Form</c> (one record) or <c>List</c> (grid).</param>
/// <param name="Keys">Row identity for <c>List</c> elements: rows agreeing on these fields collapse into one.</param>
/// <param name="Rows">The rows to apply.</param>
public sealed record DataElement(string Name, string Type, IReadOnlyList<string> Keys, IReadOnlyList<DataElementRow> Rows)
{
    /// <summary>A <c>Form</c> element with one row of edits.</summary>
    public static DataElement Form(string name, params FieldEdit[] edits) => new(name, "Form", [], [new DataElementRow(edits)]);

    /// <summary>A <c>List</c> element keyed on <paramref name="keys"/>.</summary>
    public static DataElement List(string name, IReadOnlyList<string> keys, params DataElementRow[] rows) => new(name, "List", keys, rows);
}

/// <summary>One row of edits, replayed in order as if typed.</summary>
/// <param name="Edits">Field edits.</param>
public sealed record DataElementRow(IReadOnlyList<FieldEdit> Edits)
{
    /// <summary>Relative date edits (e.g. "today + 30"); sent as an empty list unless set.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement>? RelativeDateEdits { get; init; }
}

/// <summary>One field value. P21 takes every value as a string.</summary>
/// <param name="Name">Field (column) name.</param>
/// <param name="Value">The value, always a string.</param>
public sealed record FieldEdit(string Name, string? Value)
{
    /// <summary>True to skip this edit when <see cref="Value"/> is empty instead of blanking the field.</summary>
    public bool? IgnoreIfEmpty { get; init; }
}
