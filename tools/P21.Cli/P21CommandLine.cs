using System.CommandLine;

using P21.Cli.Commands.Amazon;
using P21.Cli.Commands.Backfill;
using P21.Cli.Commands.Check;
using P21.Cli.Commands.Demo;
using P21.Cli.Commands.Discover;
using P21.Cli.Commands.Drift;
using P21.Cli.Commands.Mappings;
using P21.Cli.Commands.Orders;
using P21.Cli.Commands.Parked;
using P21.Cli.Commands.Price;
using P21.Cli.Commands.Push;
using P21.Cli.Commands.Settlements;
using P21.Cli.Commands.Sync;
using P21.Cli.Hosting;

namespace P21.Cli;

/// <summary>The <c>p21</c> command tree.</summary>
internal static class P21CommandLine
{
    public static RootCommand Create()
    {
        var options = new GlobalOptions();
        var root = new RootCommand("p21 — run the Prophet 21 connector's core services once from a terminal: check a connection, discover and compare the schema, sync and backfill entities, submit or dry-run orders and settlements, handle parked records, import mappings, ask a customer's price, or run the demo.");
        foreach (Option option in options.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(new CheckCommandDefinition(options));
        root.Subcommands.Add(new SyncCommandDefinition(options));
        root.Subcommands.Add(new BackfillCommandDefinition(options));
        root.Subcommands.Add(new DiscoverCommandDefinition(options));
        root.Subcommands.Add(new DriftCommandDefinition(options));
        root.Subcommands.Add(new OrdersCommandDefinition(options));
        root.Subcommands.Add(new SettlementsCommandDefinition(options));
        root.Subcommands.Add(new ParkedCommandDefinition(options));
        root.Subcommands.Add(new MappingsCommandDefinition(options));
        root.Subcommands.Add(new PushCommandDefinition(options));
        root.Subcommands.Add(new PriceCommandDefinition(options));
        root.Subcommands.Add(new AmazonCommandDefinition(options));
        root.Subcommands.Add(new DemoCommandDefinition(options));
        return root;
    }

    /// <summary>Parses and runs a command line; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ParseResult parseResult = Create().Parse(args);
        int exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }
}
