using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Mappings;

/// <summary><c>p21 mappings import|export</c>: SKU → item, customer, ship-to and GL-account mappings as CSV.</summary>
internal sealed class MappingsCommandDefinition : Command
{
    public MappingsCommandDefinition(GlobalOptions options)
        : base("mappings", "Import or export mappings as CSV (kind,source,key,value): SKU → item, platform customer → customer, ship-to, settlement line → GL account")
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV with the columns kind,source,key,value (header optional)" };
        var noVerify = new Option<bool>("--no-verify")
        {
            Description = "Store the values without checking them against P21 (by default each sku value must be a live inv_mast.item_id, customer a live customer.customer_id, ship-to a live ship_to.ship_to_id; gl-account values are not checked: the connector has no chart-of-accounts read, because the P21 sandbox has no accounts table to build and test one against)",
        };
        var import = new Command(
            "import",
            "Validate every line and check each value against P21, then store the mappings (nothing is stored when a line is wrong; exit code 2)") { file, noVerify };
        import.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new MappingsAction(session).ImportAsync(parseResult.GetValue(file)!, !parseResult.GetValue(noVerify), ct), cancellationToken));

        var source = new Option<string>("--source") { Description = "Platform whose mappings to export (shopify, amazon, …)", Required = true };
        var kind = new Option<string[]>("--kind") { Description = "Kinds to export (default: sku, customer, ship-to, gl-account)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "A file, or - for standard output", HelpName = "file|-", DefaultValueFactory = _ => "-" };
        var export = new Command("export", "Write the mappings of one source as CSV") { source, kind, output };
        export.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new MappingsAction(session).ExportAsync(parseResult.GetValue(source)!, parseResult.GetValue(kind), parseResult.GetValue(output)!, ct), cancellationToken));

        Subcommands.Add(import);
        Subcommands.Add(export);
    }
}
