using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>Small OData reads the handlers make before and after writing (lookups by external reference, read-backs).</summary>
internal static class P21Reads
{
    /// <summary>The first row of <paramref name="query"/>, or null.</summary>
    public static async Task<P21Row?> FirstOrDefaultAsync(this P21Client client, ODataQuery query, CancellationToken cancellationToken)
    {
        await foreach (P21Row row in client.QueryAsync(query with { PageSize = 1 }, cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    /// <summary>Every row of <paramref name="query"/> (used only for one order's or one customer's rows).</summary>
    public static async Task<IReadOnlyList<P21Row>> ListAsync(this P21Client client, ODataQuery query, CancellationToken cancellationToken)
    {
        List<P21Row> rows = [];
        await foreach (P21Row row in client.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary><c>column eq 'value'</c>.</summary>
    public static string Eq(string column, string value) => $"{column} eq {ODataLiterals.String(value)}";

    /// <summary>Live rows only: P21 soft-deletes and keeps the old values.</summary>
    public static string NotDeleted(string filter) => $"{filter} and delete_flag ne 'Y'";
}
