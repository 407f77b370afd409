using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll;

/// <summary>
/// Reads rows by key for one page of parents (children of parents, parents of changed children). Dense numeric keys are
/// read as one key range (extra rows dropped in memory); otherwise as <c>or</c>-chained batches of
/// <see cref="ODataFilter.BatchSize"/>, several at once. Counts its requests for <see cref="PollResult.P21Requests"/>.
/// </summary>
public sealed class RowLookup
{
    /// <summary>Batches read at once by default: the default <c>ReadConcurrency</c> of a connection.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>
    /// A key range is read instead of key batches when it spans at most this many times as many keys as are wanted:
    /// wider, and the extra rows cost more than the requests saved.
    /// </summary>
    public const int MaxRangeSpread = 4;

    // The largest page a range read asks for (the client accepts up to 25,000).
    private const int MaxRangePage = 10_000;

    private readonly P21Client _client;
    private readonly int _concurrency;
    private int _requests;

    /// <summary>Creates a lookup over <paramref name="client"/>.</summary>
    /// <param name="client">The P21 client (its per-connection gate still bounds concurrent reads).</param>
    /// <param name="concurrency">Key batches read at once (at least 1).</param>
    public RowLookup(P21Client client, int concurrency = DefaultConcurrency)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _client = client;
        _concurrency = concurrency;
    }

    /// <summary>OData requests made so far (one per batch or range; one larger than a page may take more).</summary>
    public int Requests => _requests;

    /// <summary>Rows of <paramref name="table"/> whose <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column to match.</param>
    /// <param name="values">The values (duplicates ignored).</param>
    /// <param name="numeric">Whether the column is numeric (literals unquoted).</param>
    /// <param name="select">Columns to read, or null for all (user-defined field tables).</param>
    /// <param name="filter">An extra clause (e.g. <c>delete_flag eq 'N'</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The rows; rows of one key keep the order P21 returned them in.</returns>
    public async Task<IReadOnlyList<P21Row>> ByKeysAsync(string table, string column, IEnumerable<string> values, bool numeric,
        IReadOnlyList<string>? select, string? filter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(values);
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        // Ordered by the matched column and then every selected column: offset pages need a stable order, and a batch
        // bigger than one page (many lines per order) is read in several.
        IReadOnlyList<string> orderBy = select is null ? [column] : [column, .. select.Where(c => !string.Equals(c, column, StringComparison.OrdinalIgnoreCase) && c != "date_last_modified")];
        if (numeric && distinct.Count > ODataFilter.BatchSize && DenseRange(distinct) is { } range)
        {
            var clause = $"({column} ge {range.Min.ToString(CultureInfo.InvariantCulture)} and {column} le {range.Max.ToString(CultureInfo.InvariantCulture)})";
            // A page one row larger than the span: a one-row-per-key table (the *_ud tables) then ends in a short page,
            // where a page of exactly the span would cost one more, empty, request.
            var span = (int)Math.Min(range.Max - range.Min + 2, MaxRangePage);
            var inRange = await ReadAsync(new ODataQuery(table, Filter: ODataFilter.And(clause, filter), Select: select, OrderBy: orderBy, PageSize: span), cancellationToken).ConfigureAwait(false);
            return [.. inRange.Where(row => KeyOf(row, column) is { } key && range.Keys.Contains(key))];
        }

        var batches = distinct.Chunk(ODataFilter.BatchSize)
            .Select(batch => new ODataQuery(table, Filter: ODataFilter.And(ODataFilter.AnyOf(column, batch, numeric), filter), Select: select, OrderBy: orderBy))
            .ToList();
        if (batches.Count == 1)
        {
            return await ReadAsync(batches[0], cancellationToken).ConfigureAwait(false);
        }

        // Batches run side by side (each request mostly waits on P21), results kept in batch order.
        var results = new List<P21Row>[batches.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), parallel,
            async (index, token) => results[index] = await ReadAsync(batches[index], token).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. results.SelectMany(rows => rows)];
    }

    private async Task<List<P21Row>> ReadAsync(ODataQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var rows = new List<P21Row>();
        await foreach (var row in _client.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    // Whole-number keys whose span is close to their count; null when any key is fractional or not a number.
    private static KeyRange? DenseRange(IReadOnlyList<string> values)
    {
        var keys = new HashSet<decimal>();
        foreach (var value in values)
        {
            if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var key) || key != decimal.Truncate(key))
            {
                return null;
            }

            keys.Add(key);
        }

        var min = keys.Min();
        var max = keys.Max();
        return max - min + 1 <= (decimal)keys.Count * MaxRangeSpread ? new KeyRange(min, max, keys) : null;
    }

    private static decimal? KeyOf(P21Row row, string column) =>
        row.Id(column) is { } id && decimal.TryParse(id, NumberStyles.Number, CultureInfo.InvariantCulture, out var key) ? key : null;

    private sealed record KeyRange(decimal Min, decimal Max, HashSet<decimal> Keys);
}
