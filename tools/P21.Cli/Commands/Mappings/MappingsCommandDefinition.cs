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
        var import = new Command("import", "Validate every line, then store the mappings (nothing is stored when a line is wrong)") { file };
        import.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new MappingsAction(session).ImportAsync(parseResult.GetValue(file)!, ct), cancellationToken));

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
