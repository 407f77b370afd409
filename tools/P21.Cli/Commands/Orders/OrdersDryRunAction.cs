using System.CommandLine;

using Microsoft.Extensions.DependencyInjection;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Queues;

using Spectre.Console;

namespace P21.Cli.Commands.Orders;

/// <summary>Runs intake on each payload and previews the writer; nothing reaches P21 and no ledger entry is made.</summary>
internal sealed class OrdersDryRunAction(ParseResult parseResult, OrdersDryRunCommandDefinition definition, CliSession session)
{
    private readonly string _source = parseResult.GetValue(definition.Source)!;
    private readonly FileInfo? _file = parseResult.GetValue(definition.File);
    private readonly int? _last = parseResult.GetValue(definition.Last);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_file is null == _last is null)
        {
            throw new CliUsageException("give --file <payloads> or --last <n> (one of them)");
        }

        session.Client();
        var preview = new OrderPreview(session);
        var verdicts = new List<OrderVerdict>();
        if (_file is not null)
        {
            IReadOnlyList<byte[]> payloads = PayloadFile.Split(_file.FullName, await CliRunner.ReadFileAsync(_file, cancellationToken));
            for (int i = 0; i < payloads.Count; i++)
            {
                verdicts.Add(await CheckAsync(i + 1, payloads[i], preview, cancellationToken));
            }
        }
        else
        {
            IReadOnlyList<WriteCommand> recent = await session.Get<IRecentOrders>().LatestAsync(Math.Max(_last!.Value, 0), cancellationToken);
            if (recent.Count == 0)
            {
                session.Output.Warn($"no recent orders for connection '{session.Connection}' in {session.Settings.StorageDisplay}: point --storage and --connection at the app's, or pass --file");
            }

            for (int i = 0; i < recent.Count; i++)
            {
                verdicts.Add(await preview.PreviewAsync(i + 1, recent[i], cancellationToken));
            }
        }

        Print(verdicts);
        return verdicts.All(v => v.Verdict is "write" or "skip") ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<OrderVerdict> CheckAsync(int index, byte[] payload, OrderPreview preview, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> headers = await OrdersSubmitAction.HeadersAsync(session, _source, "orders", payload, null, cancellationToken);
        IntakeResult result = await DryRunIntake().AcceptAsync(new IntakeRequest(_source, "orders", "application/json", headers, payload), cancellationToken);
        if (result is IntakeResult.Rejected rejected)
        {
            string fields = string.Join("; ", rejected.Problem.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
            return new OrderVerdict(index, null, null, "reject", $"{rejected.Problem.Title}" + (fields.Length > 0 ? $" — {fields}" : $" — {rejected.Problem.Detail}"));
        }

        if (result is IntakeResult.Acknowledged acknowledged)
        {
            return new OrderVerdict(index, null, null, "skip", $"acknowledged by intake, nothing to write: {acknowledged.Reason}");
        }

        // Intake enqueued the command to this process's queue; take it back so nothing is left to write.
        var queue = session.Get<InMemoryCommandQueue>();
        QueuedMessage message = (await queue.ReceiveAsync(cancellationToken))!;
        await queue.CompleteAsync(message, cancellationToken);
        return await preview.PreviewAsync(index, WriteCommandSerializer.Deserialize(message.Body), cancellationToken);
    }

    private void Print(List<OrderVerdict> verdicts)
    {
        if (_json)
        {
            session.Output.Json(verdicts, CliJsonContext.Default.ListOrderVerdict);
            return;
        }

        var table = new Table().AddColumns("#", "order", "verdict", "detail");
        foreach (OrderVerdict v in verdicts)
        {
            table.AddRow(Markup.Escape(v.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(v.ExternalId ?? "-"), Markup.Escape(v.Verdict), Markup.Escape(v.Detail));
        }

        session.Output.Console.Write(table);
        session.Output.Line($"dry run: {verdicts.Count(v => v.Verdict == "write")} would be written, {verdicts.Count(v => v.Verdict == "skip")} skipped, {verdicts.Count(v => v.Verdict == "park")} parked, {verdicts.Count(v => v.Verdict == "reject")} rejected; nothing was written");
    }

    // A dry run is not a storefront delivery: it must not show up in the app's recent-orders list.
    private OrderIntake DryRunIntake() =>
        ActivatorUtilities.CreateInstance<OrderIntake>(session.Services, (IRecentOrders)NoRecentOrders.Instance);

    private sealed class NoRecentOrders : IRecentOrders
    {
        public static readonly NoRecentOrders Instance = new();

        public Task AddAsync(WriteCommand command, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<WriteCommand>> LatestAsync(int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WriteCommand>>([]);
    }
}
