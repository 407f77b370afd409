using System.Globalization;
using System.Text.Json.Serialization;

using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// Compares what the storefront sold with what P21 holds, order by order, reading only (<c>p21 orders reconcile</c>).
/// The storefront side is the command as the writer plans it (<see cref="SalesOrderDryRun"/>: net unit prices, charges
/// as other-charge lines, skipped lines left out), so a difference is one the writer did not intend. The P21 side is
/// the order found by <c>oe_hdr.web_reference_no</c> and its live <c>oe_line</c> rows, matched on our
/// <c>user_line_no</c> handles. Tax is not compared: P21 computes its own and the sandbox's order has no tax column.
/// </summary>
public sealed class OrderReconciliation
{
    private readonly SalesOrderDryRun _dryRun;
    private readonly IIdempotencyLedger _ledger;
    private readonly IOptionsMonitor<WriterOptions> _writer;

    internal OrderReconciliation(SalesOrderDryRun dryRun, IIdempotencyLedger ledger, IOptionsMonitor<WriterOptions> writer)
    {
        _dryRun = dryRun;
        _ledger = ledger;
        _writer = writer;
    }

    /// <summary>
    /// Reconciles every sales-order command in <paramref name="commands"/> received at or after
    /// <paramref name="sinceUtc"/>. A platform that sent an order twice (a retry, an update) has it compared once, as
    /// last received; the report keeps the input's order (the recent-orders list is newest first).
    /// </summary>
    public async Task<OrderReconciliationReport> ReconcileAsync(
        IEnumerable<WriteCommand> commands, DateTimeOffset sinceUtc, P21Client client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(client);
        List<WriteCommand> selected = [];
        Dictionary<string, int> byKey = new(StringComparer.Ordinal);
        foreach (WriteCommand command in commands)
        {
            if (command.Payload is not SalesOrderCreate || command.ReceivedUtc < sinceUtc)
            {
                continue;
            }

            if (byKey.TryGetValue(command.IdempotencyKey, out int at))
            {
                if (command.ReceivedUtc > selected[at].ReceivedUtc)
                {
                    selected[at] = command;
                }

                continue;
            }

            byKey[command.IdempotencyKey] = selected.Count;
            selected.Add(command);
        }

        List<OrderReconciliationResult> results = new(selected.Count);
        foreach (WriteCommand command in selected)
        {
            results.Add(await ReconcileAsync(command, client, cancellationToken).ConfigureAwait(false));
        }

        return new OrderReconciliationReport(sinceUtc, results);
    }

    /// <summary>Reconciles one sales-order command with the P21 order that carries its platform order id.</summary>
    /// <exception cref="ArgumentException">The command is not a <see cref="SalesOrderCreate"/>.</exception>
    public async Task<OrderReconciliationResult> ReconcileAsync(WriteCommand command, P21Client client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(client);
        if (command.Payload is not SalesOrderCreate order)
        {
            throw new ArgumentException($"command {command.CommandId} is a {command.Kind}, not a sales order", nameof(command));
        }

        SalesOrderPreview preview = await _dryRun.PreviewAsync(command, order, client, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<P21Row> headers = await client.ListAsync(
            new ODataQuery("oe_hdr", Filter: P21Reads.NotDeleted(P21Reads.Eq("web_reference_no", order.ExternalOrderId)), OrderBy: ["order_no"]),
            cancellationToken).ConfigureAwait(false);
        // The writer's own lookup takes the lowest order_no, so that is the order it verified and the one compared.
        string? orderNo = headers.Count > 0 ? headers[0].GetString("order_no") : null;
        IReadOnlyList<P21Row> lines = orderNo is null
            ? []
            : await client.ListAsync(new ODataQuery("oe_line", Filter: P21Reads.NotDeleted(P21Reads.Eq("order_no", orderNo)), OrderBy: ["line_no"]), cancellationToken).ConfigureAwait(false);

        decimal? platformTotal = order.Totals?.Total;
        decimal? tax = order.Totals?.Tax ?? (order.Lines.Any(l => l.Tax is not null) ? order.Lines.Sum(l => l.Tax ?? 0m) : null);
        string id = order.ExternalOrderId;
        List<OrderDifference> differences = [];
        OrderReconciliationStatus status;
        decimal? planned = null, p21Total = null;

        if (preview.Verdict != "write")
        {
            bool parks = preview.Verdict == "park";
            if (orderNo is null)
            {
                status = parks ? OrderReconciliationStatus.Parked : OrderReconciliationStatus.Skipped;
                if (parks)
                {
                    differences.Add(new OrderDifference(id, "order", $"the writer parks it: {preview.Detail}", await MissingAsync(command, writable: false, cancellationToken).ConfigureAwait(false)));
                }
            }
            else if (order.Standing?.Cancelled == true)
            {
                // Cancelled on the storefront after it was written: P21 should hold it cancelled too (the writer
                // cancels it, or parks the cancellation for an operator).
                bool cancelledInP21 = headers[0].TryGetBoolean("cancel_flag", out bool flag) && flag;
                status = cancelledInP21 ? OrderReconciliationStatus.Cancelled : OrderReconciliationStatus.Differs;
                if (!cancelledInP21)
                {
                    differences.Add(new OrderDifference(
                        id, "order", $"cancelled on the storefront ({order.Standing.PlatformStatus ?? "cancelled"})", $"order {orderNo} is open in P21"));
                }
            }
            else
            {
                status = OrderReconciliationStatus.Differs;
                differences.Add(parks
                    ? new OrderDifference(id, "order", $"the writer's plan parks it now: {preview.Detail}", $"order {orderNo} exists; its lines were not compared")
                    : new OrderDifference(id, "order", preview.Detail, $"order {orderNo} exists"));
            }

            return Result(orderNo);
        }

        planned = preview.Lines.Sum(Extended);
        if (orderNo is null)
        {
            status = OrderReconciliationStatus.Missing;
            differences.Add(new OrderDifference(
                id, "order", Invariant($"{preview.Lines.Count} line(s), planned total {Money(planned.Value)}"), await MissingAsync(command, writable: true, cancellationToken).ConfigureAwait(false)));
            ComparePlatformTotal();
            return Result(null);
        }

        if (headers.Count > 1)
        {
            differences.Add(new OrderDifference(
                id, "order", "one order", Invariant($"{headers.Count} orders carry this reference: {string.Join(", ", headers.Select(h => h.GetString("order_no")))} (order {orderNo} compared)")));
        }

        if (headers[0].TryGetBoolean("cancel_flag", out bool cancelled) && cancelled)
        {
            differences.Add(new OrderDifference(id, "order", "open", $"order {orderNo} is cancelled in P21"));
        }

        List<P21Line> held = [.. lines.Select(P21Line.Of)];
        differences.AddRange(CompareLines(id, preview.Lines, held, LabelFor(_writer.CurrentValue)));
        p21Total = held.Where(l => !l.Cancelled).Sum(l => l.Extended ?? Round2((l.UnitPrice ?? 0m) * (l.Quantity ?? 0m)));
        if (p21Total != planned)
        {
            differences.Add(new OrderDifference(id, "order total", Invariant($"{Money(planned.Value)} planned"), Money(p21Total.Value)));
        }

        ComparePlatformTotal();
        status = differences.Count == 0 ? OrderReconciliationStatus.Match : OrderReconciliationStatus.Differs;
        return Result(orderNo);

        // What the storefront charged before tax should be what the writer planned; a gap means the plan left
        // something out (an unwritten gift card, a charge the platform did not itemize, rounding), whatever P21 holds.
        void ComparePlatformTotal()
        {
            if (platformTotal is { } total && Round2(total - (tax ?? 0m)) != planned)
            {
                string storefront = tax is { } t ? Invariant($"{Money(total)} − tax {Money(t)} = {Money(Round2(total - t))}") : Money(total);
                differences.Add(new OrderDifference(id, "platform total before tax", storefront, Invariant($"{Money(planned!.Value)} planned")));
            }
        }

        OrderReconciliationResult Result(string? p21OrderNo) => new(
            id, command.Source, command.ReceivedUtc, status, p21OrderNo, planned, p21Total, platformTotal, tax, order.TaxesIncluded,
            preview.Detail, preview.Notices, differences);
    }

    /// <summary>
    /// Every difference between the planned lines and the lines P21 holds, matched on the <c>user_line_no</c> handle:
    /// a missing or cancelled line, another item, quantity, unit price or extended price, and lines P21 has beyond the plan.
    /// </summary>
    internal static List<OrderDifference> CompareLines(
        string order, IReadOnlyList<SalesOrderPreviewLine> planned, IReadOnlyList<P21Line> held, Func<SalesOrderPreviewLine, string> label)
    {
        Dictionary<string, P21Line> byHandle = new(StringComparer.Ordinal);
        List<P21Line> unmatched = [];
        foreach (P21Line line in held)
        {
            if (line.Handle is null || !byHandle.TryAdd(line.Handle, line))
            {
                unmatched.Add(line);
            }
        }

        List<OrderDifference> differences = [];
        foreach (SalesOrderPreviewLine line in planned)
        {
            string what = $"line {line.UserLineNo} {label(line)}";
            if (!byHandle.Remove(OrderReadBack.Normalize(line.UserLineNo), out P21Line? p21))
            {
                differences.Add(new OrderDifference(order, what, Describe(line), "missing in P21"));
                continue;
            }

            if (p21.Cancelled)
            {
                differences.Add(new OrderDifference(order, what, Describe(line), "cancelled in P21"));
                continue;
            }

            if (p21.ItemId is { } item && !string.Equals(item, line.ItemId, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new OrderDifference(order, $"{what} item", line.ItemId, item));
            }

            if (p21.Quantity is { } quantity && quantity != line.Quantity)
            {
                differences.Add(new OrderDifference(order, $"{what} quantity", Quantity(line.Quantity), Quantity(quantity)));
            }

            if (p21.UnitPrice is { } unit && unit != line.UnitPrice)
            {
                differences.Add(new OrderDifference(order, $"{what} unit price", Money(line.UnitPrice), Money(unit)));
            }

            if (p21.Extended is { } extended && extended != Extended(line))
            {
                differences.Add(new OrderDifference(order, $"{what} extended price", Money(Extended(line)), Money(extended)));
            }
        }

        foreach (P21Line extra in byHandle.Values.Concat(unmatched).Where(l => !l.Cancelled))
        {
            differences.Add(new OrderDifference(
                order, extra.Display, "not on the storefront order", Invariant($"{extra.ItemId} x{Quantity(extra.Quantity ?? 0m)} @ {Money(extra.UnitPrice ?? 0m)}")));
        }

        return differences;
    }

    // Charge and gift-card lines name what they are for, so "line 030 freight (FREIGHT)" needs no lookup.
    private static Func<SalesOrderPreviewLine, string> LabelFor(WriterOptions writer) => line =>
    {
        if (line.Sku is not null)
        {
            return string.Equals(line.Sku, line.ItemId, StringComparison.OrdinalIgnoreCase) ? $"({line.ItemId})" : $"({line.Sku} → {line.ItemId})";
        }

        string? kind = writer.ChargeItems.FirstOrDefault(c => string.Equals((c.Value ?? "").Trim(), line.ItemId, StringComparison.OrdinalIgnoreCase)).Key;
        return kind is not null ? $"{kind.ToLowerInvariant()} ({line.ItemId})"
            : string.Equals(writer.GiftCardItemId?.Trim(), line.ItemId, StringComparison.OrdinalIgnoreCase) ? $"gift card ({line.ItemId})"
            : $"({line.ItemId})";
    };

    // What the ledger knows says where to look next. A parked order the plan now writes (its mapping was fixed) only
    // needs a replay; one the plan still parks already has its reason in the storefront column.
    private async Task<string> MissingAsync(WriteCommand command, bool writable, CancellationToken cancellationToken)
    {
        LedgerEntry? entry = await _ledger.GetAsync(command.Connection, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        string parkedId = ParkedRecord.IdFor(command.IdempotencyKey);
        return entry?.State switch
        {
            LedgerState.Committed => $"missing in P21; the ledger says it was written as order {entry.P21Key} (deleted, or its web_reference_no changed, in P21?)",
            LedgerState.Parked when writable => $"missing in P21; parked earlier ({entry.ParkedReason}) and writable now: p21 parked replay {parkedId}",
            LedgerState.Parked => $"missing in P21; parked (p21 parked show {parkedId})",
            LedgerState.Pending => "missing in P21; the writer has not finished it (ledger Pending: queued, retrying or being written)",
            _ => "missing in P21; the writer never took it (no ledger entry: is the write queue draining?)",
        };
    }

    private static string Describe(SalesOrderPreviewLine line) =>
        Invariant($"{line.ItemId} x{Quantity(line.Quantity)} @ {Money(line.UnitPrice)} = {Money(Extended(line))}");

    // P21 extends to cents; the writer's plan rounds the same way (OrderPlan).
    private static decimal Extended(SalesOrderPreviewLine line) => Round2(line.UnitPrice * line.Quantity);

    private static decimal Round2(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    internal static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    private static string Quantity(decimal quantity) => quantity.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One <c>oe_line</c> row as the reconciliation reads it.</summary>
/// <param name="Handle">The normalized <c>user_line_no</c>, or null when P21 has none (a line a person added).</param>
/// <param name="Display">How the line is named in a difference (<c>line 030</c>, or <c>line_no 4 (no user_line_no)</c>).</param>
/// <param name="ItemId">The item.</param>
/// <param name="Quantity"><c>unit_quantity</c>, else <c>qty_ordered</c>.</param>
/// <param name="UnitPrice"><c>unit_price</c>.</param>
/// <param name="Extended"><c>extended_price</c>.</param>
/// <param name="Cancelled"><c>cancel_flag</c> is Y.</param>
internal sealed record P21Line(string? Handle, string Display, string? ItemId, decimal? Quantity, decimal? UnitPrice, decimal? Extended, bool Cancelled)
{
    public static P21Line Of(P21Row row)
    {
        string? handle = row.TryGetString("user_line_no", out string? text) && text is not null ? OrderReadBack.Normalize(text) : null;
        string display = handle is null ? $"line_no {(row.TryGetString("line_no", out string? lineNo) ? lineNo : "?")} (no user_line_no)"
            : int.TryParse(handle, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? "line " + number.ToString("D3", CultureInfo.InvariantCulture)
            : "line " + handle;
        return new P21Line(
            handle,
            display,
            row.TryGetString("item_id", out string? item) ? item : null,
            row.TryGetDecimal("unit_quantity", out decimal unitQuantity) ? unitQuantity : row.TryGetDecimal("qty_ordered", out decimal ordered) ? ordered : null,
            row.TryGetDecimal("unit_price", out decimal price) ? price : null,
            row.TryGetDecimal("extended_price", out decimal extended) ? extended : null,
            row.TryGetBoolean("cancel_flag", out bool cancelled) && cancelled);
    }
}

/// <summary>How one storefront order stands against P21.</summary>
public enum OrderReconciliationStatus
{
    /// <summary>P21 holds the order exactly as the writer plans it.</summary>
    Match,

    /// <summary>P21 holds the order, but something differs (see the differences).</summary>
    Differs,

    /// <summary>The writer would write the order, and P21 has no order with its reference.</summary>
    Missing,

    /// <summary>The writer parks the order (an unknown SKU, a missing setting), and P21 has none: not written.</summary>
    Parked,

    /// <summary>The order is not written by design (unpaid, cancelled, a test order), and P21 has none.</summary>
    Skipped,

    /// <summary>The storefront cancelled the order after it was written, and P21 holds it cancelled too.</summary>
    Cancelled,
}

/// <summary>One difference: what differs, as the storefront (through the writer's plan) has it and as P21 has it.</summary>
/// <param name="Order">The platform's order id.</param>
/// <param name="What">What differs, e.g. <c>line 020 (BOLT-2) quantity</c>, <c>order total</c>.</param>
/// <param name="Storefront">The storefront's value, as the writer plans it.</param>
/// <param name="P21">P21's value, or <c>missing in P21</c> with what the ledger knows.</param>
public sealed record OrderDifference(string Order, string What, string Storefront, string P21);

/// <summary>The reconciliation of one storefront order.</summary>
/// <param name="ExternalId">The platform's order id (<c>oe_hdr.web_reference_no</c>).</param>
/// <param name="Source">The platform.</param>
/// <param name="ReceivedUtc">When intake accepted it.</param>
/// <param name="Status">How it stands.</param>
/// <param name="P21OrderNo">The P21 order compared, or null when there is none.</param>
/// <param name="PlannedTotal">The sum of the planned lines (net, charges included, no tax); null when the writer would not write it.</param>
/// <param name="P21Total">The sum of P21's live, uncancelled lines' extended prices; null without a P21 order.</param>
/// <param name="PlatformTotal">The platform's <c>Totals.Total</c> (tax included), when it sent one.</param>
/// <param name="StorefrontTax">The storefront's tax (its total, else the sum of its line taxes), when known.</param>
/// <param name="TaxesIncluded">The storefront's prices include tax (the writer takes it out of each line).</param>
/// <param name="Detail">The writer's dry-run verdict in words: for whom, or why it is not written.</param>
/// <param name="Notices">What the writer's plan changes from the command (skipped lines, rounding).</param>
/// <param name="Differences">Every difference, one per row; empty for <see cref="OrderReconciliationStatus.Match"/>, <see cref="OrderReconciliationStatus.Skipped"/> and <see cref="OrderReconciliationStatus.Cancelled"/>.</param>
public sealed record OrderReconciliationResult(
    string ExternalId,
    string Source,
    DateTimeOffset ReceivedUtc,
    OrderReconciliationStatus Status,
    string? P21OrderNo,
    decimal? PlannedTotal,
    decimal? P21Total,
    decimal? PlatformTotal,
    decimal? StorefrontTax,
    bool TaxesIncluded,
    string Detail,
    IReadOnlyList<string> Notices,
    IReadOnlyList<OrderDifference> Differences)
{
    /// <summary>The storefront's tax as information, never as a difference: P21 computes its own tax on the order.</summary>
    public string? TaxNote => StorefrontTax is { } tax
        ? $"storefront tax {OrderReconciliation.Money(tax)}{(TaxesIncluded ? " (included in its prices; the writer takes it out)" : "")}, P21 computes its own"
        : null;
}

/// <summary>The reconciliation of the orders received since <paramref name="SinceUtc"/>.</summary>
/// <param name="SinceUtc">The earliest receipt time compared.</param>
/// <param name="Orders">One result per order, in the order of the input.</param>
public sealed record OrderReconciliationReport(DateTimeOffset SinceUtc, IReadOnlyList<OrderReconciliationResult> Orders)
{
    /// <summary>Every difference of every order.</summary>
    [JsonIgnore]
    public IEnumerable<OrderDifference> Differences => Orders.SelectMany(o => o.Differences);

    /// <summary>The number of differences; 0 means P21 holds what the storefront sold.</summary>
    public int DifferenceCount => Orders.Sum(o => o.Differences.Count);

    /// <summary>How many orders stand in <paramref name="status"/>.</summary>
    public int Count(OrderReconciliationStatus status) => Orders.Count(o => o.Status == status);
}
