using System.Text;

using P21.Cli.Hosting;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Mappings;

/// <summary>Imports and exports mappings through <see cref="IMappingStore"/>.</summary>
internal sealed class MappingsAction(CliSession session)
{
    public async Task<int> ImportAsync(FileInfo file, bool verify, CancellationToken cancellationToken)
    {
        string text = Encoding.UTF8.GetString(await CliRunner.ReadFileAsync(file, cancellationToken));
        (IReadOnlyList<MappingRow> rows, IReadOnlyList<string> errors) = MappingCsv.Parse(text);
        if (errors.Count > 0)
        {
            return NothingImported(file, errors);
        }

        // Only a well-formed file is checked against P21, so a typo in a kind costs no round trip.
        int verified = verify ? rows.Count(r => MappingVerifier.IsVerified(r.Kind)) : 0;
        if (verified > 0)
        {
            IReadOnlyList<(int Line, string Error)> bad = await MappingVerifier.VerifyAsync(VerifyingClient(), rows, cancellationToken);
            if (bad.Count > 0)
            {
                return NothingImported(file, [.. bad.Select(b => b.Error)]);
            }
        }

        IMappingStore store = session.Get<IMappingStore>();
        foreach (MappingRow row in rows)
        {
            await store.SetAsync(session.Connection, row.Source, row.Kind, row.Key, row.Value, cancellationToken);
        }

        string counts = string.Join(", ", rows.GroupBy(r => r.Kind.Name).Select(g => $"{g.Count()} {g.Key}"));
        string checkedText = !verify ? "; not checked against P21 (--no-verify)"
            : verified > 0 ? $"; {verified} checked against P21"
            : "";
        if (verify && rows.Any(r => r.Kind == MappingKind.GlAccount))
        {
            checkedText += " (gl-account values are not checked: the connector has no chart-of-accounts read)";
        }

        session.Output.Result(true, $"imported {rows.Count} mapping(s) into connection {session.Connection}" + (rows.Count > 0 ? $": {counts}{checkedText}" : ""));
        return ExitCodes.Ok;
    }

    // The file is what is wrong, as with a malformed line: the same exit code, and nothing stored.
    private int NothingImported(FileInfo file, IReadOnlyList<string> errors)
    {
        foreach (string error in errors)
        {
            session.Output.Error($"{file.FullName}: {error}");
        }

        session.Output.Error($"{file.FullName}: nothing imported; fix the {errors.Count} line(s) above and run the import again");
        return ExitCodes.Usage;
    }

    private P21.Connector.Client.P21Client VerifyingClient()
    {
        try
        {
            return session.Client();
        }
        catch (CliUsageException ex)
        {
            throw new CliUsageException($"{ex.Message}; import checks each sku, customer and ship-to against P21 (or pass --no-verify to import without checking)", ex);
        }
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
