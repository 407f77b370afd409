using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Amazon;

/// <summary><c>p21 amazon returns</c>: Amazon's FBA customer returns as P21 RMAs.</summary>
internal sealed class AmazonReturnsCommandDefinition : Command
{
    public AmazonReturnsCommandDefinition(GlobalOptions options)
        : base("returns", "Pull Amazon's FBA customer returns report and write each return once as a P21 RMA at the FBA location")
    {
        Subcommands.Add(new AmazonReturnsPullCommandDefinition(options));
    }
}

/// <summary><c>p21 amazon returns pull</c>.</summary>
internal sealed class AmazonReturnsPullCommandDefinition : Command
{
    public readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public AmazonReturnsPullCommandDefinition(GlobalOptions options)
        : base("pull", "Run one step of the returns pull, as the AmazonReturns timer does: request the report, or read the one requested before and write its returns in-process")
    {
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new AmazonReturnsAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
