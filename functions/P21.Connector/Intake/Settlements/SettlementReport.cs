using System.Globalization;
using System.Text;

using P21.Connector.Commands;

namespace P21.Connector.Intake.Settlements;

/// <summary>
/// Streaming reader of Amazon's settlement report V2 flat file (<c>GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2</c>):
/// tab-separated, a header row, then a summary row (settlement id, dates, <c>total-amount</c>, currency) and one
/// row per amount. Columns are found by header name, so their order may change. Amazon does not quote values; a
/// value wrapped in double quotes is unwrapped anyway (spreadsheet re-saves add them). Amounts use '.' as decimal
/// separator; a ',' is refused rather than guessed.
/// </summary>
public static class SettlementReport
{
    private const int MaxErrors = 50;

    private static readonly string[] RequiredColumns =
        ["settlement-id", "total-amount", "currency", "transaction-type", "amount-type", "amount-description", "amount"];

    /// <summary>Reads a settlement from a stream (UTF-8, BOM tolerated).</summary>
    public static SettlementParseResult Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        return Parse(reader);
    }

    /// <summary>Reads a settlement line by line; memory grows with the number of amount rows only.</summary>
    public static SettlementParseResult Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string key, string message)
        {
            if (errors.Count < MaxErrors)
            {
                errors.TryAdd(key, [message]);
            }
        }

        SettlementParseResult Fail(string detail) => new(null, detail, errors);

        var header = reader.ReadLine();
        if (header is null || string.IsNullOrWhiteSpace(header.TrimStart('\uFEFF')))
        {
            Error("line 1", "the file is empty; expected the header row.");
            return Fail("The settlement file is empty.");
        }

        var columns = Split(header.TrimStart('\uFEFF')).Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            index.TryAdd(columns[i], i);
        }

        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            Error("line 1", $"the header lacks column(s) {string.Join(", ", missing)}.");
            return Fail($"Not a V2 settlement flat file: the header lacks {string.Join(", ", missing)}.");
        }

        string Field(string[] row, string column) =>
            index.TryGetValue(column, out var i) && i < row.Length ? row[i] : "";

        string? settlementId = null;
        string? currency = null;
        decimal total = 0;
        DateTimeOffset? deposit = null, start = null, end = null;
        var lines = new List<SettlementLine>();
        decimal sum = 0;
        var lineNumber = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var row = Split(text);
            var where = $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}";
            if (settlementId is null)
            {
                // The first data row is the summary: ids, dates and the total, no amount columns.
                settlementId = Field(row, "settlement-id");
                if (settlementId.Length == 0)
                {
                    Error($"{where}: settlement-id", "the summary row (first data row) must carry settlement-id.");
                    return Fail("The summary row has no settlement-id.");
                }

                var totalText = Field(row, "total-amount");
                if (!TryAmount(totalText, out total))
                {
                    Error($"{where}: total-amount", AmountMessage(totalText, "the summary row's total-amount"));
                }

                currency = Field(row, "currency").ToUpperInvariant();
                if (currency.Length != 3)
                {
                    Error($"{where}: currency", "the summary row must carry a 3-letter currency.");
                }

                deposit = Date(row, "deposit-date", where);
                start = Date(row, "settlement-start-date", where);
                end = Date(row, "settlement-end-date", where);
                continue;
            }

            var rowSettlement = Field(row, "settlement-id");
            if (rowSettlement.Length > 0 && !string.Equals(rowSettlement, settlementId, StringComparison.Ordinal))
            {
                Error($"{where}: settlement-id", $"'{rowSettlement}' differs from the summary's '{settlementId}'; one file holds one settlement.");
            }

            var rowCurrency = Field(row, "currency");
            if (rowCurrency.Length > 0 && !string.Equals(rowCurrency, currency, StringComparison.OrdinalIgnoreCase))
            {
                Error($"{where}: currency", $"'{rowCurrency}' differs from the settlement currency '{currency}'.");
            }

            var transactionType = Field(row, "transaction-type");
            if (transactionType.Length == 0)
            {
                Error($"{where}: transaction-type", "is required on an amount row.");
            }

            var amountText = Field(row, "amount");
            if (!TryAmount(amountText, out var amount))
            {
                Error($"{where}: amount", AmountMessage(amountText, "amount"));
                continue;
            }

            sum += amount;
            lines.Add(new SettlementLine(
                lineNumber,
                transactionType,
                Field(row, "amount-type"),
                Field(row, "amount-description"),
                amount,
                NullIfEmpty(Field(row, "order-id")),
                NullIfEmpty(Field(row, "sku")),
                NullIfEmpty(Field(row, "posted-date"))));
        }

        if (settlementId is null)
        {
            Error("line 2", "the file has a header but no summary row.");
            return Fail("The settlement file has no summary row.");
        }

        if (lines.Count == 0 && errors.Count == 0)
        {
            Error("line 3", "the settlement has no amount rows.");
        }

        if (errors.Count == 0 && sum != total)
        {
            Error("total-amount", $"the summary total is {SettlementAmount.Format(total)} but the amount rows add up to {SettlementAmount.Format(sum)} (difference {SettlementAmount.Format(total - sum)}).");
        }

        if (errors.Count > 0)
        {
            var first = errors.First();
            var detail = errors.ContainsKey("total-amount")
                ? $"Settlement {settlementId}: total-amount {SettlementAmount.Format(total)} does not equal the sum of the amount rows {SettlementAmount.Format(sum)}."
                : $"Settlement {settlementId} has {errors.Count} invalid field(s); first: {first.Key}: {first.Value[0]}";
            return Fail(detail);
        }

        return new SettlementParseResult(
            new JournalEntryPost(settlementId, deposit, currency!, total, lines, start, end),
            null,
            errors);

        DateTimeOffset? Date(string[] row, string column, string where)
        {
            var value = Field(row, column);
            if (value.Length == 0)
            {
                return null;
            }

            if (SettlementDates.TryParse(value, out var date))
            {
                return date;
            }

            Error($"{where}: {column}", $"'{Clip(value)}' is not a date this reader knows (ISO 8601, 'yyyy-MM-dd HH:mm:ss UTC', 'dd.MM.yyyy HH:mm:ss UTC').");
            return null;
        }
    }

    private static bool TryAmount(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static string AmountMessage(string text, string what) =>
        text.Length == 0 ? $"{what} is empty."
        : text.Contains(',', StringComparison.Ordinal) ? $"{what} '{Clip(text)}' uses ',': only '.' is accepted as the decimal separator."
        : $"{what} '{Clip(text)}' is not a decimal number.";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Clip(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static string[] Split(string line)
    {
        var fields = line.Split('\t');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i].Trim();
            if (field.Length >= 2 && field[0] == '"' && field[^1] == '"')
            {
                field = field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            fields[i] = field;
        }

        return fields;
    }
}
