using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>The typed body of a <see cref="WriteCommand"/>; the JSON discriminator <c>type</c> is the kind's wire name.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(SalesOrderCreate), WriteCommandKindNames.SalesOrderCreate)]
[JsonDerivedType(typeof(SalesOrderUpdateLines), WriteCommandKindNames.SalesOrderUpdateLines)]
[JsonDerivedType(typeof(SalesOrderCancel), WriteCommandKindNames.SalesOrderCancel)]
[JsonDerivedType(typeof(CustomerUpsert), WriteCommandKindNames.CustomerUpsert)]
[JsonDerivedType(typeof(PurchaseOrderCreate), WriteCommandKindNames.PurchaseOrderCreate)]
[JsonDerivedType(typeof(PurchaseOrderUpdate), WriteCommandKindNames.PurchaseOrderUpdate)]
[JsonDerivedType(typeof(ShipmentConfirm), WriteCommandKindNames.ShipmentConfirm)]
[JsonDerivedType(typeof(ReturnCreate), WriteCommandKindNames.ReturnCreate)]
[JsonDerivedType(typeof(JournalEntryPost), WriteCommandKindNames.JournalEntryPost)]
public abstract record WriteCommandPayload
{
    /// <summary>The command kind this payload belongs to.</summary>
    [JsonIgnore]
    public abstract WriteCommandKind Kind { get; }
}
