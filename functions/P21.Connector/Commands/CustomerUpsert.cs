namespace P21.Connector.Commands;

/// <summary>Create or update a P21 customer from a platform customer record.</summary>
public sealed record CustomerUpsert(
    string ExternalCustomerId,
    string Name,
    string? Email,
    string? Phone,
    string? Company,
    PostalAddress? MailingAddress,
    IReadOnlyList<PostalAddress> ShipTos,
    string? P21CustomerId = null) : WriteCommandPayload
{
    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override WriteCommandKind Kind => WriteCommandKind.CustomerUpsert;
}
