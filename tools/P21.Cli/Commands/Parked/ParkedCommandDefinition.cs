using System.CommandLine;

using P21.Cli.Hosting;
using P21.Connector.Storage;

namespace P21.Cli.Commands.Parked;

/// <summary><c>p21 parked list|show|replay|discard</c>: day-2 handling of write commands that failed permanently.</summary>
internal sealed class ParkedCommandDefinition : Command
{
    public ParkedCommandDefinition(GlobalOptions options)
        : base("parked", "List, show, replay or discard parked write commands (kept whole with their reason until fixed)")
    {
        var status = new Option<ParkedStatus?>("--status") { Description = "Only records in this state: Parked, Replayed or Discarded" };
        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var list = new Command("list", "List parked records (newest state first, no payloads)") { status, json };
        list.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new ParkedAction(parseResult, session).ListAsync(parseResult.GetValue(status), parseResult.GetValue(json), ct), cancellationToken));

        Subcommands.Add(list);
        Subcommands.Add(WithId(options, "show", "Show one record with its reason and payload", (action, id, parseResult, ct) => action.ShowAsync(id, ct)));
        Subcommands.Add(WithId(options, "replay", "Run the record's command through the writer again (after fixing the mapping or P21 data)", (action, id, parseResult, ct) => action.ReplayAsync(id, ct)));

        var reason = new Option<string>("--reason") { Description = "Why the record is given up (goes to the audit log)", Required = true };
        Command discard = WithId(options, "discard", "Give up on a record; it stays readable", (action, id, parseResult, ct) => action.DiscardAsync(id, parseResult.GetValue(reason)!, ct));
        discard.Options.Add(reason);
        Subcommands.Add(discard);
    }

    private static Command WithId(GlobalOptions options, string name, string description, Func<ParkedAction, string, ParseResult, CancellationToken, Task<int>> run)
    {
        var id = new Argument<string>("id") { Description = "The parked record's id (from p21 parked list)" };
        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var command = new Command(name, description) { id, json };
        command.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => run(new ParkedAction(parseResult, session, parseResult.GetValue(json)), parseResult.GetValue(id)!, parseResult, ct), cancellationToken));
        return command;
    }
}
