using System.CommandLine;

using P21.Cli.Commands.Orders;
using P21.Cli.Hosting;

namespace P21.Cli.Commands.Amazon;

/// <summary><c>p21 amazon orders</c>: the order pull, run by hand.</summary>
internal sealed class AmazonOrdersCommandDefinition : Command
{
    public AmazonOrdersCommandDefinition(GlobalOptions options)
        : base("orders", "Pull Amazon orders (SP-API getOrders and getOrderItems) into P21, as the AmazonOrders timer does")
    {
        Subcommands.Add(new AmazonOrdersPullCommandDefinition(options));
    }
}

/// <summary><c>p21 amazon orders pull</c>.</summary>
internal sealed class AmazonOrdersPullCommandDefinition : Command
{
    public readonly Option<SinceValue?> Since = new("--since")
    {
        Description = $"Re-pull the orders updated since then instead of reading from the watermark, which stays where it is: {SinceOption.Forms}. A parked amazon-order record names the time to give",
        HelpName = "date|duration",
        CustomParser = SinceOption.Parse,
    };

    public readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "List the orders and what the pull would do with each; enqueue, write, park and commit nothing",
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public AmazonOrdersPullCommandDefinition(GlobalOptions options)
        : base("pull", "Run the order pull once, writing each new order to P21 in-process")
    {
        Options.Add(Since);
        Options.Add(DryRun);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new AmazonOrdersAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
