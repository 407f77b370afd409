using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Drift;

/// <summary><c>p21 drift</c>: the live schema against the last snapshot.</summary>
internal sealed class DriftCommandDefinition : Command
{
    public readonly Option<FileInfo?> Snapshot = new("--snapshot")
    {
        Description = "Compare with this snapshot file (from p21 discover) instead of the one in storage",
        HelpName = "file",
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the changes as JSON" };

    public DriftCommandDefinition(GlobalOptions options)
        : base("drift", "Compare the live P21 schema with the snapshot: added, removed and retyped tables and columns; exit 1 when it drifted")
    {
        Options.Add(Snapshot);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new DriftAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
