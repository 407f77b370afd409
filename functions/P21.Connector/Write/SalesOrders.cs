using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>
/// Sales-order reads shared by the order handlers: the lookup by external reference that closes the crash window
/// between P21's create and our ledger commit, and the read-back that catches P21's silent no-ops.
/// </summary>
internal static class SalesOrders
{
    public const string Service = "Order";
    public const string HeaderElement = "TABPAGE_1.order";
    public const string LinesElement = "TP_ITEMS.items";

    /// <summary>The live order whose <c>web_reference_no</c> is <paramref name="externalOrderId"/>, or null.</summary>
    public static async Task<string?> FindByWebReferenceAsync(P21Client client, string externalOrderId, CancellationToken cancellationToken)
    {
        P21Row? row = await client.FirstOrDefaultAsync(
            new ODataQuery(
                "oe_hdr",
                Filter: P21Reads.NotDeleted(P21Reads.Eq("web_reference_no", externalOrderId)),
                Select: ["order_no"],
                OrderBy: ["order_no"]),
            cancellationToken).ConfigureAwait(false);
        return row?.GetString("order_no");
    }

    /// <summary>The live lines of <paramref name="orderNo"/>.</summary>
    public static Task<IReadOnlyList<P21Row>> LinesAsync(P21Client client, string orderNo, CancellationToken cancellationToken) =>
        client.ListAsync(
            new ODataQuery("oe_line", Filter: P21Reads.NotDeleted(P21Reads.Eq("order_no", orderNo)) + " and cancel_flag ne 'Y'", OrderBy: ["line_no"]),
            cancellationToken);

    /// <summary>
    /// Reads the order back and throws unless it holds exactly <paramref name="expected"/>: P21 answers "Succeeded"
    /// when a DynaChange prompt silently dropped a line.
    /// </summary>
    /// <returns>The order's live lines as read.</returns>
    /// <exception cref="WriteRejectedException">Lines are missing, extra or differ in item or quantity.</exception>
    public static async Task<IReadOnlyList<P21Row>> VerifyLinesAsync(
        P21Client client, string orderNo, IReadOnlyList<ExpectedLine> expected, CancellationToken cancellationToken)
    {
        IReadOnlyList<P21Row> rows = await LinesAsync(client, orderNo, cancellationToken).ConfigureAwait(false);
        List<string> problems = OrderReadBack.Compare(expected, rows);
        if (problems.Count > 0)
        {
            throw new WriteRejectedException(
                $"P21 order {orderNo} exists but does not match the command ({problems[0]}{(problems.Count > 1 ? $"; {problems.Count - 1} more" : "")}); fix or cancel it in P21, then replay",
                string.Join(Environment.NewLine, problems));
        }

        return rows;
    }
}

/// <summary>A line the order must hold after the write.</summary>
/// <param name="UserLineNo">Our handle (010, 020, …).</param>
/// <param name="ItemId">The P21 item id.</param>
/// <param name="Quantity">The ordered quantity (negative on returns).</param>
internal sealed record ExpectedLine(string UserLineNo, string ItemId, decimal Quantity);
