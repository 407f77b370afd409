using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Demo;

/// <summary><c>p21 demo</c>: every flow once, against an in-process sandbox.</summary>
internal sealed class DemoCommandDefinition : Command
{
    public DemoCommandDefinition(GlobalOptions options)
        : base("demo", "Start a P21 sandbox in-process and run every flow once: backfill all entities, a signed Shopify order through intake → queue → writer → P21, a parked order fixed by a mapping and replayed, the shipment and its tracking event; then a summary")
    {
        SetAction((parseResult, cancellationToken) => new DemoAction(parseResult, options).RunAsync(cancellationToken));
    }
}
