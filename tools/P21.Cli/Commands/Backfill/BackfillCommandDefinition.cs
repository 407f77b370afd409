using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Backfill;

/// <summary><c>p21 backfill &lt;entity&gt;</c>: read an entity from the beginning (or --from), resumable, with progress.</summary>
internal sealed class BackfillCommandDefinition : Command
{
    public readonly Argument<string> Entity = EntityArgument.Create();

    public readonly Option<DateTimeOffset?> From = new("--from")
    {
        CustomParser = InstantOption.For("--from"),
        Description = "Earliest date_last_modified to read (ISO 8601); default the beginning",
        HelpName = "timestamp",
    };

    public readonly Option<bool> Resume = new("--resume")
    {
        Description = "Continue the unfinished backfill of this entity from where it stopped (uses its --from)",
    };

    public readonly Option<string?> Out = new("--out")
    {
        Description = "Write the events as NDJSON to this file (or - for standard output, without a progress bar); default: count them only",
        HelpName = "file|-",
    };

    public readonly Option<bool> Force = new("--force")
    {
        Description = "Overwrite a non-empty --out file (without it, a file holding events is refused; --resume appends)",
    };

    public readonly Option<bool> TakeOver = new("--take-over")
    {
        Description = "Take the entity's lease from a run you know is gone (a killed process) instead of waiting for it to lapse",
    };

    public BackfillCommandDefinition(GlobalOptions options)
        : base("backfill", "Publish every record of an entity page by page at constant memory; committed pages survive an interruption (resume with --resume)")
    {
        Arguments.Add(Entity);
        Options.Add(From);
        Options.Add(Resume);
        Options.Add(Out);
        Options.Add(Force);
        Options.Add(TakeOver);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new BackfillAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
