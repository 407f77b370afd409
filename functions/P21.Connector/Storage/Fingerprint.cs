namespace P21.Connector.Storage;

/// <summary>The content hash last published for one record.</summary>
/// <param name="Key">The record's key within its entity (e.g. an item id).</param>
/// <param name="Hash">A hash of the canonical record's content.</param>
public readonly record struct Fingerprint(string Key, string Hash);
