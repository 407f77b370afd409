using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>
/// One entry of a <c>getMarketplaceParticipations</c> answer (models/sellers-api-model/sellers.json in
/// amzn/selling-partner-api-models): a marketplace the seller may sell in, whether they do, and the store name there.
/// </summary>
internal sealed record AmazonMarketplaceParticipation(
    [property: JsonPropertyName("marketplace")] AmazonMarketplace Marketplace,
    [property: JsonPropertyName("participation")] AmazonParticipation Participation,
    [property: JsonPropertyName("storeName")] string? StoreName);

/// <summary>A marketplace as the Sellers API describes it.</summary>
internal sealed record AmazonMarketplace(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("countryCode")] string? CountryCode,
    [property: JsonPropertyName("defaultCurrencyCode")] string? DefaultCurrencyCode,
    [property: JsonPropertyName("domainName")] string? DomainName);

/// <summary>The seller's standing in one marketplace.</summary>
internal sealed record AmazonParticipation(
    [property: JsonPropertyName("isParticipating")] bool IsParticipating,
    [property: JsonPropertyName("hasSuspendedListings")] bool HasSuspendedListings);

/// <summary>The <c>getMarketplaceParticipations</c> answer: <c>payload</c> is the list itself.</summary>
internal sealed record AmazonMarketplaceParticipations(
    [property: JsonPropertyName("payload")] IReadOnlyList<AmazonMarketplaceParticipation>? Payload);
