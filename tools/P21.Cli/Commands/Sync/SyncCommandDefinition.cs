using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Sync;

/// <summary><c>p21 sync &lt;entity&gt;</c>: one poll run, change events as NDJSON.</summary>
internal sealed class SyncCommandDefinition : Command
{
    public readonly Argument<string> Entity = EntityArgument.Create();

    public readonly Option<DateTimeOffset?> Since = new("--since")
    {
        CustomParser = InstantOption.For("--since"),
        Description = "Re-read every row modified since this instant (ISO 8601) instead of continuing from the watermark",
        HelpName = "timestamp",
    };

    public readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Write the events but commit neither watermark nor fingerprints",
    };

    public readonly Option<string> Out = new("--out")
    {
        Description = "Where the NDJSON events go: a file, or - for standard output",
        HelpName = "file|-",
        DefaultValueFactory = _ => "-",
    };

    public readonly Option<bool> Append = new("--append")
    {
        Description = "Add the events to an existing --out file (a torn last line from an interrupted run is cut first)",
    };

    public readonly Option<bool> Force = new("--force")
    {
        Description = "Overwrite a non-empty --out file (without it, or --append, a file holding events is refused)",
    };

    public readonly Option<bool> TakeOver = new("--take-over")
    {
        Description = "Take the entity's lease from a run you know is gone (a killed process) instead of waiting for it to lapse",
    };

    public SyncCommandDefinition(GlobalOptions options)
        : base("sync", "Run one poll of an entity (the timer's work, once) and write its CloudEvents as NDJSON")
    {
        Arguments.Add(Entity);
        Options.Add(Since);
        Options.Add(DryRun);
        Options.Add(Out);
        Options.Add(Append);
        Options.Add(Force);
        Options.Add(TakeOver);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new SyncAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
