using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>What a <see cref="WriteCommand"/> asks the writer to do in P21. Serialized by its dotted wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WriteCommandKind>))]
public enum WriteCommandKind
{
    /// <summary>Create a sales order (Transaction API service <c>Order</c>).</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.SalesOrderCreate)]
    SalesOrderCreate,

    /// <summary>Replace the lines of an existing sales order.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.SalesOrderUpdateLines)]
    SalesOrderUpdateLines,

    /// <summary>Cancel a sales order the storefront cancelled after it was written.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.SalesOrderCancel)]
    SalesOrderCancel,

    /// <summary>Create or update a customer.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.CustomerUpsert)]
    CustomerUpsert,

    /// <summary>Create a purchase order.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.PurchaseOrderCreate)]
    PurchaseOrderCreate,

    /// <summary>Update an existing purchase order.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.PurchaseOrderUpdate)]
    PurchaseOrderUpdate,

    /// <summary>Confirm a shipment (pick ticket) with carrier and tracking number.</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.ShipmentConfirm)]
    ShipmentConfirm,

    /// <summary>Create a return (RMA).</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.ReturnCreate)]
    ReturnCreate,

    /// <summary>Post a balanced GL journal entry (marketplace settlement).</summary>
    [JsonStringEnumMemberName(WriteCommandKindNames.JournalEntryPost)]
    JournalEntryPost,
}

/// <summary>The wire names of <see cref="WriteCommandKind"/>; also the payload discriminators.</summary>
public static class WriteCommandKindNames
{
    /// <summary><see cref="WriteCommandKind.SalesOrderCreate"/>.</summary>
    public const string SalesOrderCreate = "SalesOrder.Create";

    /// <summary><see cref="WriteCommandKind.SalesOrderUpdateLines"/>.</summary>
    public const string SalesOrderUpdateLines = "SalesOrder.UpdateLines";

    /// <summary><see cref="WriteCommandKind.SalesOrderCancel"/>.</summary>
    public const string SalesOrderCancel = "SalesOrder.Cancel";

    /// <summary><see cref="WriteCommandKind.CustomerUpsert"/>.</summary>
    public const string CustomerUpsert = "Customer.Upsert";

    /// <summary><see cref="WriteCommandKind.PurchaseOrderCreate"/>.</summary>
    public const string PurchaseOrderCreate = "PurchaseOrder.Create";

    /// <summary><see cref="WriteCommandKind.PurchaseOrderUpdate"/>.</summary>
    public const string PurchaseOrderUpdate = "PurchaseOrder.Update";

    /// <summary><see cref="WriteCommandKind.ShipmentConfirm"/>.</summary>
    public const string ShipmentConfirm = "Shipment.Confirm";

    /// <summary><see cref="WriteCommandKind.ReturnCreate"/>.</summary>
    public const string ReturnCreate = "Return.Create";

    /// <summary><see cref="WriteCommandKind.JournalEntryPost"/>.</summary>
    public const string JournalEntryPost = "JournalEntry.Post";

    /// <summary>The dotted wire name of <paramref name="kind"/>.</summary>
    public static string Of(WriteCommandKind kind) => kind switch
    {
        WriteCommandKind.SalesOrderCreate => SalesOrderCreate,
        WriteCommandKind.SalesOrderUpdateLines => SalesOrderUpdateLines,
        WriteCommandKind.SalesOrderCancel => SalesOrderCancel,
        WriteCommandKind.CustomerUpsert => CustomerUpsert,
        WriteCommandKind.PurchaseOrderCreate => PurchaseOrderCreate,
        WriteCommandKind.PurchaseOrderUpdate => PurchaseOrderUpdate,
        WriteCommandKind.ShipmentConfirm => ShipmentConfirm,
        WriteCommandKind.ReturnCreate => ReturnCreate,
        WriteCommandKind.JournalEntryPost => JournalEntryPost,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown write command kind."),
    };
}
