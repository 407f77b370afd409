namespace P21.Connector.Storage;

/// <summary>A named JSON snapshot of a connection's P21 schema, kept to detect drift.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Name">The snapshot's name (e.g. <c>odata</c>, <c>baseline</c>).</param>
/// <param name="Json">The snapshot.</param>
/// <param name="SavedUtc">When it was saved.</param>
public sealed record SchemaSnapshot(string Connection, string Name, string Json, DateTimeOffset SavedUtc);
