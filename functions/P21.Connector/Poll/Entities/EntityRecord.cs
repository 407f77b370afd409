namespace P21.Connector.Poll.Entities;

/// <summary>One mapped record: its key, its canonical JSON, and whether P21 soft-deleted it.</summary>
/// <param name="Key">The entity key (event subject), e.g. the order number.</param>
/// <param name="CanonicalJson">The record serialised by <see cref="Events.Records.CanonicalJsonContext"/>.</param>
/// <param name="Deleted">True when the row is soft-deleted (<c>delete_flag</c> 'Y' or <c>row_status_flag</c> 700).</param>
/// <param name="ModifiedUtc">The latest <c>date_last_modified</c> of the rows that make up the record (event time).</param>
public sealed record EntityRecord(string Key, ReadOnlyMemory<byte> CanonicalJson, bool Deleted, DateTimeOffset? ModifiedUtc);
