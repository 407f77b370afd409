using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Push;

/// <summary><c>p21 push &lt;target&gt;</c>: one push cycle in-process (inventory poll, then the push the functions do).</summary>
internal sealed class PushCommandDefinition : Command
{
    public readonly Argument<string> Target = new("target")
    {
        Description = "A push target: a name under Push:Targets (docs/push.md)",
    };

    public readonly Option<string?> FromFile = new("--from-file")
    {
        Description = "Push the CloudEvents of this NDJSON file (p21 sync --out writes one) instead of polling inventory first",
        HelpName = "events.ndjson",
    };

    public readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Show what would be set and parked; call no store, park nothing, commit no watermark",
    };

    public PushCommandDefinition(GlobalOptions options)
        : base("push", "Run one push cycle to a storefront: poll inventory (or read --from-file) and set the store's stock")
    {
        Arguments.Add(Target);
        Options.Add(FromFile);
        Options.Add(DryRun);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new PushAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
