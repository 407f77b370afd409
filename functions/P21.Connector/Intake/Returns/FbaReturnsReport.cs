using System.Globalization;
using System.Text;

namespace P21.Connector.Intake.Returns;

/// <summary>One row of the FBA customer returns report: units of one SKU of one order back at an Amazon warehouse.</summary>
/// <param name="Line">The row's line number in the file (the header is line 1).</param>
/// <param name="ReturnDate">When the units reached Amazon (<c>return-date</c>).</param>
/// <param name="OrderId">The Amazon order id (<c>order-id</c>).</param>
/// <param name="Sku">The seller SKU (<c>sku</c>).</param>
/// <param name="Quantity">Units returned (<c>quantity</c>).</param>
/// <param name="Disposition">Amazon's <c>detailed-disposition</c> (<c>SELLABLE</c>, <c>CUSTOMER_DAMAGED</c>, …).</param>
/// <param name="Reason">The buyer's return <c>reason</c> code.</param>
/// <param name="LicensePlate">The <c>license-plate-number</c> Amazon gives the returned package.</param>
internal sealed record FbaReturnRow(
    int Line, DateTimeOffset ReturnDate, string OrderId, string Sku, int Quantity, string? Disposition, string? Reason, string? LicensePlate)
{
    /// <summary>
    /// The return's stable id: the order and the license plate Amazon gives each returned package, or, on a row without
    /// one, the order, SKU and return time. A report range read twice (the overlap) gives the same ids.
    /// </summary>
    public string ReturnId => LicensePlate is { Length: > 0 } plate
        ? $"{OrderId}-{plate}"
        : $"{OrderId}-{Sku}-{ReturnDate.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
}

/// <summary>A row that does not read, with the reason and the row as Amazon sent it (to park it).</summary>
internal sealed record FbaReturnProblem(int Line, string Problem, string Text);

/// <summary>
/// Reads <c>GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA</c>: tab-separated, a header row naming the columns (Amazon's
/// "FBA Customer Concessions reports attributes": return-date, order-id, sku, asin, fnsku, product-name, quantity,
/// fulfillment-center-id, detailed-disposition, reason, status, license-plate-number, customer-comments). Columns are
/// found by name, so a reordered or extended file still reads; a file without return-date, order-id, sku or quantity
/// does not read at all. A row that does not read is a problem of its own and the rows around it still count.
/// </summary>
internal static class FbaReturnsReport
{
    private static readonly string[] Required = ["return-date", "order-id", "sku", "quantity"];

    /// <summary>The rows and the problem rows, or <paramref name="failure"/> when the file itself does not read.</summary>
    public static (IReadOnlyList<FbaReturnRow> Rows, IReadOnlyList<FbaReturnProblem> Problems) Parse(byte[] document, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(document);
        string text = new UTF8Encoding(false, false).GetString(document).TrimStart('\uFEFF');
        string[] lines = text.Split('\n');
        string[] header = lines[0].TrimEnd('\r').Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        string[] missing = [.. Required.Where(c => !header.Contains(c))];
        if (missing.Length > 0)
        {
            failure = $"the file is not an FBA customer returns report: its header lacks {string.Join(", ", missing)}";
            return ([], []);
        }

        failure = null;
        int Column(string name) => Array.IndexOf(header, name);
        int date = Column("return-date"), order = Column("order-id"), sku = Column("sku"), quantity = Column("quantity");
        int disposition = Column("detailed-disposition"), reason = Column("reason"), plate = Column("license-plate-number");
        var rows = new List<FbaReturnRow>();
        var problems = new List<FbaReturnProblem>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] cells = line.Split('\t');
            string Cell(int index) => index >= 0 && index < cells.Length ? cells[index].Trim() : "";
            string? Optional(int index) => Cell(index) is { Length: > 0 } value ? value : null;
            string? problem = null;
            if (!DateTimeOffset.TryParse(Cell(date), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset returned))
            {
                problem = $"return-date '{Cell(date)}' is not a date";
            }
            else if (Cell(order).Length == 0 || Cell(sku).Length == 0)
            {
                problem = "order-id and sku are required";
            }
            else if (!int.TryParse(Cell(quantity), NumberStyles.None, CultureInfo.InvariantCulture, out int units) || units <= 0)
            {
                problem = $"quantity '{Cell(quantity)}' is not a positive whole number";
            }
            else
            {
                rows.Add(new FbaReturnRow(i + 1, returned, Cell(order), Cell(sku), units, Optional(disposition), Optional(reason), Optional(plate)));
            }

            if (problem is not null)
            {
                problems.Add(new FbaReturnProblem(i + 1, problem, line));
            }
        }

        return (rows, problems);
    }
}
