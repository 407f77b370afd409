using System.Text.Json;

using P21.Cli.Hosting;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Poll.Entities;
using P21.Connector.Schema;

namespace P21.Cli.Commands.Discover;

/// <summary>Reads the live schema of the connector's tables (and their <c>*_ud</c> custom-field tables) from <c>$metadata</c>.</summary>
internal static class LiveSchema
{
    public static async Task<SchemaDocument> ReadAsync(CliSession session, CancellationToken cancellationToken)
    {
        P21Client client = session.Client();
        IReadOnlyDictionary<string, IReadOnlySet<string>> used = ConnectorTables.From(session.Get<PollEntityCatalogue>());
        using JsonDocument metadata = await client.GetMetadataAsync(ODataSurface.Table, cancellationToken);
        IReadOnlyList<TableSchema> all = CsdlSchemaReader.Read(metadata);
        IReadOnlyList<string> wanted = ConnectorTables.WithUserDefined(used, all.Select(t => t.Name));
        var names = new HashSet<string>(wanted, StringComparer.OrdinalIgnoreCase);
        return new SchemaDocument(SchemaDocument.CurrentFormatVersion, session.Connection, session.Get<TimeProvider>().GetUtcNow(),
            [.. all.Where(t => names.Contains(t.Name))]);
    }
}