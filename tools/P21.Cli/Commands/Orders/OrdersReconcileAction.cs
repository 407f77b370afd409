using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Write;

using Spectre.Console;

namespace P21.Cli.Commands.Orders;

/// <summary>
/// Reads the orders the intake recorded since <c>--since</c> and prints what <see cref="OrderReconciliation"/> finds;
/// the comparison itself lives in the core so the app could run it too.
/// </summary>
internal sealed class OrdersReconcileAction(ParseResult parseResult, OrdersReconcileCommandDefinition definition, CliSession session)
{
    private readonly SinceValue _since = parseResult.GetValue(definition.Since)!;
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        P21Client client = session.Client();
        DateTimeOffset since = _since.Resolve(session.Get<TimeProvider>().GetUtcNow());
        // The list is bounded by Intake:RecentOrdersCapacity; asking for everything reads at most that many rows.
        IReadOnlyList<WriteCommand> recent = await session.Get<IRecentOrders>().LatestAsync(int.MaxValue, cancellationToken);
        OrderReconciliationReport report = await session.Get<OrderReconciliation>().ReconcileAsync(recent, since, client, cancellationToken);
        if (_json)
        {
            session.Output.Json(report, CliJsonContext.Default.OrderReconciliationReport);
            return report.DifferenceCount == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }

        if (report.Orders.Count == 0)
        {
            session.Output.Warn(
                $"no orders accepted since {Utc(since)} for connection '{session.Connection}' in {session.Settings.StorageDisplay}: point --storage and --connection at the app's, or go further back with --since");
        }
        else
        {
            Print(report);
        }

        session.Output.Line(Summary(report));
        return report.DifferenceCount == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private void Print(OrderReconciliationReport report)
    {
        var orders = new Table().AddColumns("order", "source", "received (UTC)", "P21 order", "status", "planned", "P21", "platform", "notes");
        foreach (OrderReconciliationResult o in report.Orders)
        {
            // The plan's notices (skipped lines, unmapped carriers) stay in --json and orders dry-run: a table of
            // many orders would repeat them on every row.
            string notes = string.Join("; ", new[] { o.Status == OrderReconciliationStatus.Skipped ? o.Detail : null, o.TaxNote }.OfType<string>());
            orders.AddRow(
                Markup.Escape(o.ExternalId), Markup.Escape(o.Source), o.ReceivedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(o.P21OrderNo ?? "-"),
                StatusText(o.Status), Money(o.PlannedTotal), Money(o.P21Total), Money(o.PlatformTotal), Markup.Escape(notes));
        }

        session.Output.Console.Write(orders);
        if (report.DifferenceCount == 0)
        {
            return;
        }

        var differences = new Table().AddColumns("order", "what", "storefront", "P21");
        foreach (OrderReconciliationResult o in report.Orders)
        {
            foreach (OrderDifference d in o.Differences)
            {
                string order = o.P21OrderNo is null ? d.Order : $"{d.Order} (P21 {o.P21OrderNo})";
                differences.AddRow(Markup.Escape(order), Markup.Escape(d.What), Markup.Escape(d.Storefront), Markup.Escape(d.P21));
            }
        }

        session.Output.Console.Write(differences);
    }

    private static string Summary(OrderReconciliationReport report)
    {
        string counts = string.Join(", ",
            $"{report.Count(OrderReconciliationStatus.Match)} match",
            $"{report.Count(OrderReconciliationStatus.Differs)} differ",
            $"{report.Count(OrderReconciliationStatus.Missing)} missing in P21",
            $"{report.Count(OrderReconciliationStatus.Parked)} parked",
            $"{report.Count(OrderReconciliationStatus.Skipped)} not written by design",
            $"{report.Count(OrderReconciliationStatus.Cancelled)} cancelled on both sides");
        string differences = report.DifferenceCount == 0 ? "no differences" : $"{report.DifferenceCount} difference(s)";
        return $"reconciled {report.Orders.Count} order(s) accepted since {Utc(report.SinceUtc)}: {counts}; {differences}";
    }

    private static string StatusText(OrderReconciliationStatus status) => status switch
    {
        OrderReconciliationStatus.Match => "match",
        OrderReconciliationStatus.Differs => "differs",
        OrderReconciliationStatus.Missing => "missing in P21",
        OrderReconciliationStatus.Parked => "parked",
        OrderReconciliationStatus.Cancelled => "cancelled",
        _ => "not written",
    };

    private static string Money(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
