using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Amazon;

/// <summary><c>p21 amazon</c>: the Selling Partner API side of the connector (check, order, settlement and returns pulls).</summary>
internal sealed class AmazonCommandDefinition : Command
{
    public AmazonCommandDefinition(GlobalOptions options)
        : base("amazon", "Amazon (Selling Partner API): check the seller's authorization, pull orders, settlement reports and FBA customer returns")
    {
        Subcommands.Add(new AmazonCheckCommandDefinition(options));
        Subcommands.Add(new AmazonOrdersCommandDefinition(options));
        Subcommands.Add(new AmazonSettlementsCommandDefinition(options));
        Subcommands.Add(new AmazonReturnsCommandDefinition(options));
    }
}

/// <summary><c>p21 amazon check</c>.</summary>
internal sealed class AmazonCheckCommandDefinition : Command
{
    public readonly Option<bool> Json = new("--json") { Description = "Write the checks as JSON" };

    public AmazonCheckCommandDefinition(GlobalOptions options)
        : base("check", "Check the Amazon settings: Login with Amazon, the seller's marketplaces, and the roles the order and settlement pulls need (reads only)")
    {
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new AmazonCheckAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
