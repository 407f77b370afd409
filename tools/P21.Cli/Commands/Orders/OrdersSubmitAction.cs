using System.CommandLine;
using System.Text;

using Microsoft.Extensions.Options;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Intake;
using P21.Connector.Secrets;

namespace P21.Cli.Commands.Orders;

/// <summary>Submits one order payload: intake → in-memory queue → writer → P21.</summary>
internal sealed class OrdersSubmitAction(ParseResult parseResult, OrdersSubmitCommandDefinition definition, CliSession session)
{
    private readonly string _source = parseResult.GetValue(definition.Source)!;
    private readonly FileInfo _file = parseResult.GetValue(definition.File)!;
    private readonly FileInfo? _headers = parseResult.GetValue(definition.Headers);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Client();
        byte[] body = await CliRunner.ReadFileAsync(_file, cancellationToken);
        IReadOnlyDictionary<string, string> headers = await HeadersAsync(session, _source, "orders", body, _headers, cancellationToken);
        WriteReport report = await new InProcessWriter(session).SubmitAsync(_source, "orders", "application/json", headers, body, cancellationToken);
        if (_json)
        {
            session.Output.Json(report, CliJsonContext.Default.WriteReport);
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        }

        return InProcessWriter.Print(report, session.Output, "sales order");
    }

    internal static async Task<IReadOnlyDictionary<string, string>> HeadersAsync(
        CliSession session, string source, string kind, byte[] body, FileInfo? headersFile, CancellationToken cancellationToken)
    {
        if (headersFile is not null)
        {
            byte[] text = await CliRunner.ReadFileAsync(headersFile, cancellationToken);
            return OperatorSignature.ParseHeaders(headersFile.FullName, Encoding.UTF8.GetString(text));
        }

        return await OperatorSignature.SignAsync(
            source, kind, body, session.Get<IOptions<IntakeOptions>>().Value, session.Get<ISecretSource>(), session.Get<TimeProvider>(), cancellationToken);
    }
}
