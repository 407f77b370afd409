using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Check;

/// <summary><c>p21 check</c>: is this P21 ready for the connector?</summary>
internal sealed class CheckCommandDefinition : Command
{
    public readonly Option<bool> Json = new("--json") { Description = "Write the checks as JSON" };

    public CheckCommandDefinition(GlobalOptions options)
        : base("check", "Check reachability and TLS, the token, UI-server discovery, read permission on every table the connector needs, write permission (Transaction API definitions, no writes), the server clock and UTC offset")
    {
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new CheckAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
