using System.Text;

using P21.Connector.Client.Models;

namespace P21.Connector.Client.OData;

/// <summary>
/// Builds the keyset predicate "strictly after this row" over (modified, k1, k2, …):
/// <c>(m gt T) or (m eq T and (k1 gt a or (k1 eq a and k2 gt b)))</c>, with T written in server-local time.
/// </summary>
internal static class KeysetFilter
{
    /// <summary><c>modified ge since</c>, <paramref name="since"/> written in server-local time.</summary>
    public static string Since(string modifiedColumn, DateTimeOffset since, TimeSpan serverUtcOffset) =>
        $"{modifiedColumn} ge {ODataLiterals.DateTime(since, serverUtcOffset)}";

    /// <summary>The predicate for a page after <paramref name="after"/>, or from <paramref name="since"/>; null when neither.</summary>
    public static string? After(string modifiedColumn, IReadOnlyList<string> keyColumns, KeysetPosition? after, DateTimeOffset? since, TimeSpan serverUtcOffset)
    {
        if (after is null)
        {
            return since is { } s ? Since(modifiedColumn, s, serverUtcOffset) : null;
        }

        if (after.Key.Count != keyColumns.Count)
        {
            throw new ArgumentException(
                $"The keyset position has {after.Key.Count} key value(s) but the query has {keyColumns.Count} key column(s) ({string.Join(", ", keyColumns)}); a position only resumes the query that produced it.",
                nameof(after));
        }

        string t = ODataLiterals.DateTime(after.ModifiedUtc, serverUtcOffset);
        if (keyColumns.Count == 0)
        {
            return $"{modifiedColumn} gt {t}";
        }

        return $"({modifiedColumn} gt {t}) or ({modifiedColumn} eq {t} and {KeysAfter(keyColumns, after.Key, 0)})";
    }

    /// <summary>
    /// The predicate of a key-ordered page (<see cref="PageOrder.Key"/>) strictly after <paramref name="after"/>'s key,
    /// ANDed with <c>modified ge since</c> when <paramref name="since"/> is set; null when neither.
    /// </summary>
    public static string? KeyAfter(string modifiedColumn, IReadOnlyList<string> keyColumns, KeysetPosition? after, DateTimeOffset? since, TimeSpan serverUtcOffset)
    {
        string? from = since is { } s ? Since(modifiedColumn, s, serverUtcOffset) : null;
        if (after is null)
        {
            return from;
        }

        if (after.Key.Count != keyColumns.Count || keyColumns.Count == 0)
        {
            throw new ArgumentException(
                $"The keyset position has {after.Key.Count} key value(s) but the query has {keyColumns.Count} key column(s) ({string.Join(", ", keyColumns)}); a position only resumes the query that produced it.",
                nameof(after));
        }

        // The leading "k1 ge a" is implied by the rest; it is there so the server seeks its key index instead of
        // testing every row from the start of the table (an OR at the top defeats index use on SQL Server and SQLite).
        string keys = keyColumns.Count == 1
            ? KeysAfter(keyColumns, after.Key, 0)
            : $"{keyColumns[0]} ge {after.Key[0]} and {KeysAfter(keyColumns, after.Key, 0)}";
        return from is null ? keys : $"{from} and {keys}";
    }

    /// <summary>
    /// The predicate "key at or before <paramref name="through"/>'s key" over (k1, k2, …), with a leading
    /// <c>k1 le a</c> for the same index seek as <see cref="KeyAfter"/>.
    /// </summary>
    public static string KeyThrough(IReadOnlyList<string> keyColumns, KeysetPosition through)
    {
        if (through.Key.Count != keyColumns.Count || keyColumns.Count == 0)
        {
            throw new ArgumentException(
                $"The key bound has {through.Key.Count} key value(s) but the query has {keyColumns.Count} key column(s) ({string.Join(", ", keyColumns)}).",
                nameof(through));
        }

        string keys = KeysThrough(keyColumns, through.Key, 0);
        return keyColumns.Count == 1 ? keys : $"{keyColumns[0]} le {through.Key[0]} and {keys}";
    }

    /// <summary>ANDs the caller's filter with the keyset predicate, each parenthesised.</summary>
    public static string? Combine(string? filter, string? predicate)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return predicate;
        }

        return predicate is null ? filter : $"({filter}) and ({predicate})";
    }

    /// <summary>The $orderby of a keyset read.</summary>
    public static IReadOnlyList<string> OrderBy(string modifiedColumn, IReadOnlyList<string> keyColumns) => [modifiedColumn, .. keyColumns];

    /// <summary>The $orderby of a keyset read in <paramref name="order"/>.</summary>
    public static IReadOnlyList<string> OrderBy(PageOrder order, string modifiedColumn, IReadOnlyList<string> keyColumns) =>
        order == PageOrder.Key ? [.. keyColumns] : OrderBy(modifiedColumn, keyColumns);

    /// <summary>The $orderby that puts the newest row first: (modified, key columns…), all descending.</summary>
    public static IReadOnlyList<string> NewestFirst(string modifiedColumn, IReadOnlyList<string> keyColumns) =>
        [.. OrderBy(modifiedColumn, keyColumns).Select(column => column + " desc")];

    private static string KeysThrough(IReadOnlyList<string> columns, IReadOnlyList<string> values, int index)
    {
        if (index == columns.Count - 1)
        {
            return $"{columns[index]} le {values[index]}";
        }

        return $"({columns[index]} lt {values[index]} or ({columns[index]} eq {values[index]} and {KeysThrough(columns, values, index + 1)}))";
    }

    private static string KeysAfter(IReadOnlyList<string> columns, IReadOnlyList<string> values, int index)
    {
        string gt = $"{columns[index]} gt {values[index]}";
        if (index == columns.Count - 1)
        {
            return gt;
        }

        return new StringBuilder()
            .Append('(').Append(gt).Append(" or (")
            .Append(columns[index]).Append(" eq ").Append(values[index]).Append(" and ")
            .Append(KeysAfter(columns, values, index + 1))
            .Append("))")
            .ToString();
    }
}
