namespace P21.Connector.Storage;

/// <summary>One mapping from a platform value to a P21 value.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Source">The platform (e.g. <c>shopify</c>, <c>amazon</c>).</param>
/// <param name="Kind">What is mapped.</param>
/// <param name="Key">The normalized platform-side key.</param>
/// <param name="Value">The P21-side value (item id, customer id, account number...).</param>
/// <param name="UpdatedUtc">When the mapping was last set.</param>
public sealed record Mapping(string Connection, string Source, MappingKind Kind, string Key, string Value, DateTimeOffset UpdatedUtc);
