using System.CommandLine;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Amazon;

namespace P21.Cli.Commands.Amazon;

/// <summary>The machine-readable result of <c>p21 amazon check --json</c>.</summary>
/// <param name="Ok">Every check passed.</param>
/// <param name="Checks">The checks, in the order they ran.</param>
internal sealed record AmazonCheckReport(bool Ok, IReadOnlyList<AmazonSellerCheckLine> Checks);

/// <summary>Runs <see cref="AmazonSellerCheck"/> and prints one line per check, with the fix for each failure.</summary>
internal sealed class AmazonCheckAction(ParseResult parseResult, AmazonCheckCommandDefinition definition, CliSession session)
{
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AmazonSellerCheckLine> lines = await session.Get<AmazonSellerCheck>().RunAsync(cancellationToken);
        bool ok = lines.All(l => l.Ok);
        if (_json)
        {
            session.Output.Json(new AmazonCheckReport(ok, lines), CliJsonContext.Default.AmazonCheckReport);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        }

        foreach (AmazonSellerCheckLine line in lines)
        {
            session.Output.Result(line.Ok, $"{line.Name}: {line.Detail}" + (line.Remedy is null ? "" : $" — {line.Remedy}"));
        }

        session.Output.Line(ok ? "Amazon is ready for the order and settlement pulls." : $"{lines.Count(l => !l.Ok)} check(s) failed.");
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
