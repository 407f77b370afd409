namespace P21.Connector.Client.Models;

/// <summary>
/// The last row a keyset read returned: its change time in UTC and its key values as OData literals.
/// </summary>
/// <remarks>
/// Keys are stored as ready-to-use OData literals (<c>100915</c> for a number, <c>'ACME''S'</c> for a string),
/// taken from the JSON value kind of the row they came from, so a persisted position rebuilds the exact filter
/// without knowing the column types. Build one with <see cref="ODataLiterals"/> when you need it by hand.
/// </remarks>
/// <param name="ModifiedUtc">The row's modified timestamp, in UTC.</param>
/// <param name="Key">One OData literal per key column, in key-column order.</param>
public sealed record KeysetPosition(DateTimeOffset ModifiedUtc, IReadOnlyList<string> Key)
{
    /// <summary>The timestamp, always normalised to offset zero.</summary>
    public DateTimeOffset ModifiedUtc { get; init; } = ModifiedUtc.ToUniversalTime();

    /// <inheritdoc/>
    public bool Equals(KeysetPosition? other)
    {
        return other is not null && ModifiedUtc == other.ModifiedUtc && Key.SequenceEqual(other.Key, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(ModifiedUtc);
        foreach (string part in Key)
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
