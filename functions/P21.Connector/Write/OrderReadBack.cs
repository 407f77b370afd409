using System.Globalization;

using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>Compares the lines a command asked for with the lines P21 holds, by our <c>user_line_no</c> handles.</summary>
internal static class OrderReadBack
{
    public static List<string> Compare(IReadOnlyList<ExpectedLine> expected, IReadOnlyList<P21Row> rows)
    {
        Dictionary<string, P21Row> byHandle = new(StringComparer.Ordinal);
        foreach (P21Row row in rows)
        {
            if (row.TryGetString("user_line_no", out string? handle) && handle is not null)
            {
                byHandle[Normalize(handle)] = row;
            }
        }

        List<string> problems = [];
        foreach (ExpectedLine line in expected)
        {
            if (!byHandle.Remove(Normalize(line.UserLineNo), out P21Row? row))
            {
                problems.Add($"line {line.UserLineNo} ({line.ItemId}) is missing");
                continue;
            }

            if (row.TryGetString("item_id", out string? itemId) && !string.Equals(itemId, line.ItemId, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"line {line.UserLineNo} holds item {itemId}, not {line.ItemId}");
            }

            if (QuantityOf(row) is { } quantity && quantity != line.Quantity)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {line.UserLineNo} ({line.ItemId}) has quantity {quantity}, not {line.Quantity}"));
            }
        }

        problems.AddRange(byHandle.Keys.Order(StringComparer.Ordinal).Select(h => $"line {h} is not in the command"));
        return problems;
    }

    private static decimal? QuantityOf(P21Row row) =>
        row.TryGetDecimal("unit_quantity", out decimal unitQuantity) ? unitQuantity
        : row.TryGetDecimal("qty_ordered", out decimal ordered) ? ordered
        : null;

    // P21 may store 010 as 10 (a number column); compare the numbers, not the text.
    internal static string Normalize(string handle) =>
        decimal.TryParse(handle, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : handle.Trim();
}
