using System.CommandLine;

using P21.Connector.Poll.Entities;

namespace P21.Cli.Commands;

/// <summary>The <c>entity</c> argument: one of the poll catalogue's names (an unknown one lists the valid ones).</summary>
internal static class EntityArgument
{
    public static Argument<string> Create()
    {
        var argument = new Argument<string>("entity")
        {
            Description = "Entity to read: " + string.Join(", ", PollEntityCatalogue.Default.Names),
        };
        argument.AcceptOnlyFromAmong([.. PollEntityCatalogue.Default.Names]);
        return argument;
    }
}
