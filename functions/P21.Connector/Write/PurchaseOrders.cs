using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>
/// Purchase-order reads shared by the PO handlers: the lookup by the configured external-reference column of
/// <c>po_hdr</c> (see <see cref="WriterOptions.PurchaseOrderReferenceColumn"/>) and the read-back of the lines.
/// </summary>
internal static class PurchaseOrders
{
    public const string Service = "PurchaseOrder";
    public const string HeaderElement = "TABPAGE_1.tp_1_dw_1";
    public const string LinesElement = "TABPAGE_17.tp_17_dw_17";

    /// <summary>The live PO whose <paramref name="column"/> is <paramref name="reference"/>, or null.</summary>
    public static async Task<string?> FindByReferenceAsync(P21Client client, string column, string reference, CancellationToken cancellationToken)
    {
        P21Row? row = await client.FirstOrDefaultAsync(
            new ODataQuery("po_hdr", Filter: P21Reads.NotDeleted(P21Reads.Eq(column, reference)), Select: ["po_no"], OrderBy: ["po_no"]),
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : P21Formats.Number(row.GetDecimal("po_no"));
    }

    /// <summary>The live, not canceled lines of <paramref name="poNo"/>, by line number.</summary>
    public static Task<IReadOnlyList<P21Row>> LinesAsync(P21Client client, string poNo, CancellationToken cancellationToken) =>
        client.ListAsync(
            new ODataQuery("po_line", Filter: P21Reads.NotDeleted($"po_no eq {poNo}") + " and cancel_flag ne 'Y'", OrderBy: ["line_no"]),
            cancellationToken);

    /// <summary>What differs between the command's lines and P21's (empty when they match).</summary>
    public static List<string> Compare(IReadOnlyList<PurchaseLine> expected, IReadOnlyList<P21Row> rows)
    {
        List<string> problems = [];
        Dictionary<int, P21Row> byLine = rows.ToDictionary(r => (int)r.GetDecimal("line_no"));
        foreach (PurchaseLine line in expected)
        {
            if (!byLine.Remove(line.LineNo, out P21Row? row))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {line.LineNo} ({line.ItemId}) is missing"));
                continue;
            }

            string itemId = row.GetString("item_id") ?? "";
            decimal quantity = row.GetDecimal("qty_ordered");
            if (!string.Equals(itemId, line.ItemId, StringComparison.Ordinal) || quantity != line.Quantity)
            {
                problems.Add(string.Create(
                    CultureInfo.InvariantCulture, $"line {line.LineNo} is {itemId} x {quantity}, expected {line.ItemId} x {line.Quantity}"));
            }
        }

        problems.AddRange(byLine.Keys.Order().Select(n => string.Create(CultureInfo.InvariantCulture, $"line {n} ({byLine[n].GetString("item_id")}) is not in the command")));
        return problems;
    }

    /// <summary>Reads the PO back and throws unless it holds exactly <paramref name="expected"/>.</summary>
    /// <exception cref="WriteRejectedException">Lines are missing, extra or differ.</exception>
    public static async Task VerifyLinesAsync(P21Client client, string poNo, IReadOnlyList<PurchaseLine> expected, CancellationToken cancellationToken)
    {
        List<string> problems = Compare(expected, await LinesAsync(client, poNo, cancellationToken).ConfigureAwait(false));
        if (problems.Count > 0)
        {
            throw new WriteRejectedException(
                $"P21 purchase order {poNo} exists but does not match the command ({problems[0]}{(problems.Count > 1 ? $"; {problems.Count - 1} more" : "")}); fix or cancel it in P21, then replay",
                string.Join(Environment.NewLine, problems));
        }
    }

    /// <summary>The lines element: rows keyed by <c>line_no</c>, our stable handle (command line i is PO line i).</summary>
    public static DataElement Lines(IReadOnlyList<PurchaseLine> lines) =>
        DataElement.List(
            LinesElement,
            ["line_no"],
            [.. lines.Select(l => new DataElementRow(FieldEdits.Of(
                ("line_no", l.LineNo.ToString(CultureInfo.InvariantCulture)),
                ("item_id", l.ItemId),
                ("unit_quantity", P21Formats.Number(l.Quantity)))))]);
}

/// <summary>A line the PO must hold after the write.</summary>
/// <param name="LineNo">P21's <c>line_no</c>: the command's line position, 1-based.</param>
/// <param name="ItemId">The P21 item id.</param>
/// <param name="Quantity">The ordered quantity.</param>
internal sealed record PurchaseLine(int LineNo, string ItemId, decimal Quantity);
