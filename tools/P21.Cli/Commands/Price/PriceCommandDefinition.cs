using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Price;

/// <summary><c>p21 price &lt;customer&gt; &lt;item&gt; [--qty N]</c>: one buyer's net price from P21's price engine.</summary>
internal sealed class PriceCommandDefinition : Command
{
    public readonly Argument<string> Customer = new("customer") { Description = "The P21 customer id" };

    public readonly Argument<string> Item = new("item") { Description = "The P21 item id" };

    public readonly Option<decimal> Quantity = new("--qty")
    {
        Description = "How many, in the item's default selling unit (quantity breaks depend on it)",
        HelpName = "n",
        DefaultValueFactory = _ => 1m,
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the price as JSON" };

    public PriceCommandDefinition(GlobalOptions options)
        : base("price", "Ask P21's price engine what one customer pays for one item (customer and library pages, quantity breaks, effective dates); exit 1 when it cannot say")
    {
        Arguments.Add(Customer);
        Arguments.Add(Item);
        Options.Add(Quantity);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new PriceAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
