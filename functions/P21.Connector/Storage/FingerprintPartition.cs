namespace P21.Connector.Storage;

/// <summary>
/// Spreads one entity's fingerprints over <see cref="BucketCount"/> partitions: PartitionKey =
/// <c>{connection}|{entity}|{bucket}</c>, where the bucket is a stable FNV-1a hash of the key. A large entity
/// (items, inventory) then uses 16 partition servers instead of one hot partition, while a page's keys still
/// fall into at most 16 batch transactions.
/// </summary>
/// <remarks>
/// Changing <see cref="BucketCount"/> orphans existing rows; the only cost is one republish of unchanged records.
/// </remarks>
internal static class FingerprintPartition
{
    public const int BucketCount = 16;

    public static string For(string connection, string entity, string key) =>
        TableKey.Join(connection, entity, Bucket(key).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));

    private static int Bucket(string key)
    {
        // FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode.
        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % BucketCount);
    }
}
