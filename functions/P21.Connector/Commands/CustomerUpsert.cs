using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(CustomerUpsert), "Customer.Upsert")]
public abstract partial record WriteCommandPayload;

/// <summary>Create or update a P21 customer from a platform customer record.</summary>
public sealed record CustomerUpsert(
    string ExternalCustomerId,
    string Name,
    string? Email,
    string? Phone,
    string? Company,
    PostalAddress? MailingAddress,
    IReadOnlyList<PostalAddress> ShipTos,
    string? P21CustomerId = null) : WriteCommandPayload;
