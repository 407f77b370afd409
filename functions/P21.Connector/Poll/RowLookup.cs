using System.Runtime.CompilerServices;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll;

/// <summary>
/// Reads rows by key for one page of parents (children of parents, parents of changed children), in <c>or</c>-chained
/// batches of <see cref="ODataFilter.BatchSize"/>. Counts its requests for <see cref="PollResult.P21Requests"/>.
/// </summary>
public sealed class RowLookup
{
    private readonly P21Client _client;
    private int _requests;

    /// <summary>Creates a lookup over <paramref name="client"/>.</summary>
    public RowLookup(P21Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>OData requests made so far (one per batch; a batch larger than a page may take more).</summary>
    public int Requests => _requests;

    /// <summary>Rows of <paramref name="table"/> whose <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column to match.</param>
    /// <param name="values">The values (duplicates ignored).</param>
    /// <param name="numeric">Whether the column is numeric (literals unquoted).</param>
    /// <param name="select">Columns to read, or null for all (user-defined field tables).</param>
    /// <param name="filter">An extra clause (e.g. <c>delete_flag eq 'N'</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<P21Row>> ByKeysAsync(string table, string column, IEnumerable<string> values, bool numeric,
        IReadOnlyList<string>? select, string? filter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<P21Row>();
        await foreach (var row in StreamByKeysAsync(table, column, values, numeric, select, filter, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async IAsyncEnumerable<P21Row> StreamByKeysAsync(string table, string column, IEnumerable<string> values, bool numeric,
        IReadOnlyList<string>? select, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in values.Distinct(StringComparer.Ordinal).Chunk(ODataFilter.BatchSize))
        {
            Interlocked.Increment(ref _requests);
            // Ordered by the matched column and then every selected column: offset pages need a stable order, and a batch
            // bigger than one page (many lines per order) is read in several.
            IReadOnlyList<string> orderBy = select is null ? [column] : [column, .. select.Where(c => !string.Equals(c, column, StringComparison.OrdinalIgnoreCase) && c != "date_last_modified")];
            var query = new ODataQuery(table, Filter: ODataFilter.And(ODataFilter.AnyOf(column, batch, numeric), filter), Select: select, OrderBy: orderBy);
            await foreach (var row in _client.QueryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }
}
