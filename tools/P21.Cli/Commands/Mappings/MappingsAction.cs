using System.Text;

using P21.Cli.Hosting;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Mappings;

/// <summary>Imports and exports mappings through <see cref="IMappingStore"/>.</summary>
internal sealed class MappingsAction(CliSession session)
{
    public async Task<int> ImportAsync(FileInfo file, CancellationToken cancellationToken)
    {
        string text = Encoding.UTF8.GetString(await CliRunner.ReadFileAsync(file, cancellationToken));
        (IReadOnlyList<MappingRow> rows, IReadOnlyList<string> errors) = MappingCsv.Parse(text);
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                session.Output.Error($"{file.FullName}: {error}");
            }

            session.Output.Error($"{file.FullName}: nothing imported; fix the {errors.Count} line(s) above and run the import again");
            return ExitCodes.Usage;
        }

        IMappingStore store = session.Get<IMappingStore>();
        foreach (MappingRow row in rows)
        {
            await store.SetAsync(session.Connection, row.Source, row.Kind, row.Key, row.Value, cancellationToken);
        }

        string counts = string.Join(", ", rows.GroupBy(r => r.Kind.Name).Select(g => $"{g.Count()} {g.Key}"));
        session.Output.Result(true, $"imported {rows.Count} mapping(s) into connection {session.Connection}" + (rows.Count > 0 ? $": {counts}" : ""));
        return ExitCodes.Ok;
    }

    public async Task<int> ExportAsync(string source, string[]? kinds, string path, CancellationToken cancellationToken)
    {
        var selected = new List<MappingKind>();
        foreach (string name in kinds is { Length: > 0 } ? kinds : MappingCsv.WellKnownKinds.Select(k => k.Name))
        {
            selected.Add(MappingCsv.TryKind(name, out MappingKind kind)
                ? kind
                : throw new CliUsageException($"unknown kind '{name}' — use sku, customer, ship-to or gl-account"));
        }

        IMappingStore store = session.Get<IMappingStore>();
        int count = 0;
        await using (TextWriter writer = CliRunner.OpenOut(path, session.Output))
        {
            await writer.WriteAsync(MappingCsv.Header + "\n");
            foreach (MappingKind kind in selected)
            {
                await foreach (Mapping mapping in store.ListAsync(session.Connection, source.Trim().ToLowerInvariant(), kind, cancellationToken))
                {
                    await writer.WriteAsync(MappingCsv.Format(mapping) + "\n");
                    count++;
                }
            }
        }

        if (path != "-")
        {
            session.Output.Result(true, $"exported {count} mapping(s) to {Path.GetFullPath(path)}");
        }

        return ExitCodes.Ok;
    }
}
