using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Amazon;

/// <summary><c>p21 amazon settlements pull</c>: Amazon's settlement reports from SP-API as GL journals.</summary>
internal sealed class AmazonSettlementsCommandDefinition : Command
{
    public AmazonSettlementsCommandDefinition(GlobalOptions options)
        : base("settlements", "Pull Amazon's settlement reports (SP-API Reports) and post each settlement once as a balanced GL journal")
    {
        Subcommands.Add(new AmazonSettlementsPullCommandDefinition(options));
    }
}

/// <summary><c>p21 amazon settlements pull</c>.</summary>
internal sealed class AmazonSettlementsPullCommandDefinition : Command
{
    public readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "List, download and parse the reports and show each journal's total and lines; enqueue, write, park and commit nothing",
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public AmazonSettlementsPullCommandDefinition(GlobalOptions options)
        : base("pull", "Run the settlement pull once, as the AmazonSettlements timer does, writing each new settlement to P21 in-process")
    {
        Options.Add(DryRun);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new AmazonSettlementsAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
