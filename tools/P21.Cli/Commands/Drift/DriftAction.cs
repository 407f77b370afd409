using System.CommandLine;
using System.Text;

using P21.Cli.Commands.Discover;
using P21.Cli.Hosting;
using P21.Connector.Poll.Schema;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Drift;

/// <summary>Loads the snapshot (file or store), reads the live schema and prints the differences.</summary>
internal sealed class DriftAction(ParseResult parseResult, DriftCommandDefinition definition, CliSession session)
{
    private readonly FileInfo? _snapshot = parseResult.GetValue(definition.Snapshot);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SchemaDocument before = await LoadAsync(cancellationToken);
        SchemaDocument live = await SessionSchema.ReadAsync(session, cancellationToken);
        IReadOnlyList<SchemaChange> changes = SchemaDiff.Compare(before, live);
        if (_json)
        {
            session.Output.Json(changes, SchemaJsonContext.Default.IReadOnlyListSchemaChange);
        }
        else if (changes.Count == 0)
        {
            session.Output.Result(true, $"no drift: {live.Tables.Count} tables match the snapshot of {before.TakenUtc:O}");
        }
        else
        {
            foreach (SchemaChange change in changes)
            {
                session.Output.Result(false, change.ToString());
            }

            session.Output.Line($"{changes.Count} change(s) since the snapshot of {before.TakenUtc:O}; review the mappings, then run p21 discover to take a new snapshot");
        }

        return changes.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<SchemaDocument> LoadAsync(CancellationToken cancellationToken)
    {
        string json;
        string where;
        if (_snapshot is not null)
        {
            json = Encoding.UTF8.GetString(await CliRunner.ReadFileAsync(_snapshot, cancellationToken));
            where = _snapshot.FullName;
        }
        else
        {
            SchemaSnapshot stored = await session.Get<ISchemaSnapshotStore>().LoadAsync(session.Connection, SchemaSnapshots.DefaultName, cancellationToken)
                ?? throw new CliUsageException($"no schema snapshot for connection '{session.Connection}' in storage — run p21 discover first, or pass --snapshot <file>");
            json = stored.Json;
            where = $"storage ({SchemaSnapshots.DefaultName})";
        }

        try
        {
            return SchemaSnapshots.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{where}: {ex.Message} — take a new one with p21 discover", ex);
        }
    }
}
