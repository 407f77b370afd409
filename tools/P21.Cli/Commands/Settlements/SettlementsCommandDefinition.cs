using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Settlements;

/// <summary><c>p21 settlements submit|dry-run</c>: a marketplace settlement report as a GL journal.</summary>
internal sealed class SettlementsCommandDefinition : Command
{
    public SettlementsCommandDefinition(GlobalOptions options)
        : base("settlements", "Post a settlement report (Amazon V2 flat file or JSON) as a balanced GL journal, or dry-run it")
    {
        Subcommands.Add(new SettlementsVerbDefinition(options, "submit", "Validate a settlement report and post its journal to P21 once (submitting twice posts once)", dryRun: false));
        Subcommands.Add(new SettlementsVerbDefinition(options, "dry-run", "Validate a settlement report and show the journal lines, unmapped lines and the verdict; writes nothing", dryRun: true));
    }
}

/// <summary><c>p21 settlements submit</c> and <c>p21 settlements dry-run</c>.</summary>
internal sealed class SettlementsVerbDefinition : Command
{
    public readonly Option<string> Source = new("--source") { Description = "Source: amazon, or a generic source name", Required = true };

    public readonly Option<FileInfo> File = new("--file") { Description = "The settlement report (tab-separated V2 flat file, or JSON)", Required = true, HelpName = "report" };

    public readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public SettlementsVerbDefinition(GlobalOptions options, string name, string description, bool dryRun)
        : base(name, description)
    {
        Options.Add(Source);
        Options.Add(File);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new SettlementsAction(parseResult, this, session, dryRun).RunAsync(ct), cancellationToken));
    }
}
