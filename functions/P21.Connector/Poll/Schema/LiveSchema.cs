using System.Text.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll.Entities;

namespace P21.Connector.Poll.Schema;

/// <summary>
/// Reads the live schema of the tables the connector uses (and their <c>*_ud</c> custom-field tables) from a P21's
/// OData <c>$metadata</c>: what <c>p21 discover</c> snapshots and the drift check compares.
/// </summary>
public static class LiveSchema
{
    /// <summary>Reads the schema of <paramref name="connection"/> through <paramref name="client"/>.</summary>
    /// <param name="client">The connection's client.</param>
    /// <param name="connection">The connection name, recorded in the document.</param>
    /// <param name="catalogue">The entity catalogue that says which tables the connector uses.</param>
    /// <param name="takenUtc">When the snapshot is taken.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">The <c>$metadata</c> answer is not JSON CSDL.</exception>
    public static async Task<SchemaDocument> ReadAsync(P21Client client, string connection, PollEntityCatalogue catalogue, DateTimeOffset takenUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(catalogue);
        using JsonDocument metadata = await client.GetMetadataAsync(ODataSurface.Table, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<TableSchema> all = CsdlSchemaReader.Read(metadata);
        var names = UsedTables(catalogue, all.Select(t => t.Name));
        return new SchemaDocument(SchemaDocument.CurrentFormatVersion, connection, takenUtc, [.. all.Where(t => names.Contains(t.Name))]);
    }

    /// <summary>The connector's tables plus the <c>*_ud</c> tables of them among <paramref name="available"/>.</summary>
    public static IReadOnlySet<string> UsedTables(PollEntityCatalogue catalogue, IEnumerable<string> available)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(available);
        return new HashSet<string>(ConnectorTables.WithUserDefined(ConnectorTables.From(catalogue), available), StringComparer.OrdinalIgnoreCase);
    }
}
