using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Discover;

/// <summary><c>p21 discover</c>: the tables and columns the connector uses, custom fields, a mapping draft and a schema snapshot.</summary>
internal sealed class DiscoverCommandDefinition : Command
{
    public readonly Option<string> Draft = new("--draft")
    {
        Description = "Where to write the mapping draft (JSON)",
        HelpName = "file",
        DefaultValueFactory = _ => "p21-mapping-draft.json",
    };

    public readonly Option<string> Snapshot = new("--snapshot")
    {
        Description = "Where to write the schema snapshot (JSON); it is also saved in storage for p21 drift",
        HelpName = "file",
        DefaultValueFactory = _ => "p21-schema.json",
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the mapping draft to standard output as JSON" };

    public DiscoverCommandDefinition(GlobalOptions options)
        : base("discover", "Read OData $metadata: the tables and columns the connector uses, *_ud custom fields; write a mapping draft and a schema snapshot")
    {
        Options.Add(Draft);
        Options.Add(Snapshot);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new DiscoverAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
