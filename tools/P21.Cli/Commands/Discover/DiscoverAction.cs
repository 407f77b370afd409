using System.CommandLine;
using System.Text.Json;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Schema;
using P21.Connector.Storage;

using Spectre.Console;

namespace P21.Cli.Commands.Discover;

/// <summary>Reads the live schema, writes the draft and the snapshot (file and store), and prints a table summary.</summary>
internal sealed class DiscoverAction(ParseResult parseResult, DiscoverCommandDefinition definition, CliSession session)
{
    private readonly string _draft = parseResult.GetValue(definition.Draft)!;
    private readonly string _snapshot = parseResult.GetValue(definition.Snapshot)!;
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SchemaDocument schema = await SessionSchema.ReadAsync(session, cancellationToken);
        MappingDraft draft = MappingDrafts.Create(schema, ConnectorTables.From(session.Get<PollEntityCatalogue>()));
        string snapshotJson = SchemaSnapshots.Serialize(schema);
        await WriteAsync(_draft, JsonSerializer.Serialize(draft, CliJsonContext.Default.MappingDraft), cancellationToken);
        await WriteAsync(_snapshot, snapshotJson, cancellationToken);
        await session.Get<ISchemaSnapshotStore>().SaveAsync(session.Connection, SchemaSnapshots.DefaultName, snapshotJson, cancellationToken);

        if (_json)
        {
            session.Output.Json(draft, CliJsonContext.Default.MappingDraft);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("table", "columns", "used by the connector", "custom fields (_ud)", "missing");
        foreach (TableDraft t in draft.Tables)
        {
            int columns = schema.Find(t.Table)?.Columns.Count ?? 0;
            table.AddRow(
                Markup.Escape(t.Table),
                columns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                t.Used.Count == 0 ? "all (lookups)" : t.Used.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", t.CustomFields.Select(c => $"{c.Table}.{c.Column}"))),
                Markup.Escape(string.Join(", ", t.MissingColumns)));
        }

        session.Output.Console.Write(table);
        session.Output.Result(true, $"schema snapshot of {schema.Tables.Count} tables: {Path.GetFullPath(_snapshot)} and storage ({SchemaSnapshots.DefaultName})");
        session.Output.Result(true, $"mapping draft: {Path.GetFullPath(_draft)}");
        int missing = draft.Tables.Sum(t => t.MissingColumns.Count);
        if (missing > 0)
        {
            session.Output.Warn($"{missing} column(s) the connector reads are missing on this P21; see the 'missing' column");
        }

        return missing > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{Path.GetFullPath(path)}: {ex.Message.TrimEnd('.')}", ex);
        }
    }
}
