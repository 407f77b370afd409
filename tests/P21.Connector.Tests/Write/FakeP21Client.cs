using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Tests.Write;

/// <summary>
/// A small in-process P21 for the writer's unit tests: OData equality filters over rows, and the Order, Customer and
/// Shipping services plus the GL family with P21's answer shapes (HTTP-200 failures with messages). String filters
/// ignore case, as on P21's SQL Server collation, so a writer that counts on case passes neither here nor there. The
/// sandbox covers the same flows over real HTTP in the integration tests.
/// </summary>
internal sealed partial class FakeP21Client : P21Client
{
    private readonly Lock _gate = new();
    private int _nextOrder = 1000;
    private int _nextCustomer = 500;
    private int _nextGl = 9000;

    public FakeP21Client()
    {
        Add("customer", new() { ["customer_id"] = "100", ["customer_name"] = "Known Co", ["delete_flag"] = "N" });
        Add("address", new()
        {
            ["id"] = "100",
            ["email_address"] = "known@example.com",
            ["mail_address1"] = "1 Main St",
            ["mail_city"] = "Springfield",
            ["mail_state"] = "IL",
            ["mail_postal_code"] = "10001",
            ["mail_country"] = "US",
            ["delete_flag"] = "N",
        });
        Add("ship_to", new() { ["ship_to_id"] = "100", ["customer_id"] = "100", ["delete_flag"] = "N" });
        Add("inv_mast", new() { ["item_id"] = "WIDGET-1", ["delete_flag"] = "N" });
        Add("inv_mast", new() { ["item_id"] = "BOLT-2", ["delete_flag"] = "N" });

        // Other-charge items, as a P21 set up for web orders has them.
        Add("inv_mast", new() { ["item_id"] = "FREIGHT", ["delete_flag"] = "N" });
        Add("inv_mast", new() { ["item_id"] = "FEE", ["delete_flag"] = "N" });
        Add("inv_mast", new() { ["item_id"] = "DISCOUNT", ["delete_flag"] = "N" });
    }

    public ConcurrentDictionary<string, List<Dictionary<string, string?>>> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<TransactionRequest> Submitted { get; } = new();

    /// <summary>Every OData read, in order.</summary>
    public ConcurrentQueue<ODataQuery> Queries { get; } = new();

    public ConcurrentQueue<IReadOnlyList<GlLine>> Journals { get; } = new();

    /// <summary>Answers a submission instead of the fake's own logic when it returns non-null (e.g. a validation failure).</summary>
    public Func<TransactionRequest, TransactionResult?>? Intercept { get; set; }

    /// <summary>Throws before any call when it returns an exception (e.g. a transient 503).</summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>Time each create takes, to widen the window concurrent duplicates would race through.</summary>
    public TimeSpan CreateDelay { get; set; }

    public override string ConnectionName => "main";

    public override TimeSpan ServerUtcOffset => TimeSpan.Zero;

    public void Add(string table, Dictionary<string, string?> row)
    {
        lock (_gate)
        {
            Tables.GetOrAdd(table, _ => []).Add(row);
        }
    }

    public List<Dictionary<string, string?>> Rows(string table, Func<Dictionary<string, string?>, bool>? where = null)
    {
        lock (_gate)
        {
            return [.. Tables.GetOrAdd(table, _ => []).Where(r => where is null || where(r)).Select(r => new Dictionary<string, string?>(r))];
        }
    }

    public override async IAsyncEnumerable<P21Row> QueryAsync(ODataQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted("query");
        Queries.Enqueue(query);
        await Task.Yield();
        List<Func<Dictionary<string, string?>, bool>> clauses = Parse(query.Filter);
        foreach (Dictionary<string, string?> row in Rows(query.Name, r => clauses.All(c => c(r))))
        {
            yield return new P21Row(JsonSerializer.SerializeToElement(row));
        }
    }

    public override async Task<TransactionResult> SubmitTransactionAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted("transaction");
        Submitted.Enqueue(request);
        if (Intercept?.Invoke(request) is { } intercepted)
        {
            return intercepted.Summary?.Failed > 0 ? throw new P21TransactionRejectedException(request.Name, intercepted) : intercepted;
        }

        if (CreateDelay > TimeSpan.Zero)
        {
            await Task.Delay(CreateDelay, cancellationToken);
        }

        TransactionResult result = request.Name switch
        {
            "Order" => Order(request.Transactions[0]),
            "RMA" => Order(request.Transactions[0], isRma: true),
            "Customer" => Customer(request.Transactions[0]),
            "ShipTo" => ShipTo(request.Transactions[0]),
            "Shipping" => Shipping(request.Transactions[0]),
            _ => Failed($"Window {request.Name} is not available"),
        };
        return result.Summary?.Failed > 0 ? throw new P21TransactionRejectedException(request.Name, result) : result;
    }

    public override Task<GlPostResult> PostJournalAsync(IReadOnlyList<GlLine> lines, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted("gl");
        if (lines.Sum(l => l.Amount) != 0m)
        {
            throw new P21RequestFailedException("Records do not balance", 500, isTransient: false);
        }

        Journals.Enqueue(lines);
        string number;
        lock (_gate)
        {
            number = (++_nextGl).ToString(CultureInfo.InvariantCulture);
        }

        foreach (GlLine line in lines)
        {
            Add("gl", new() { ["transaction_number"] = number, ["source"] = line.Source, ["description"] = line.Description, ["amount"] = line.Amount.ToString(CultureInfo.InvariantCulture) });
        }

        return Task.FromResult(new GlPostResult(number, [.. lines.Select(l => l with { TransactionNumber = number })]));
    }

    public override Task<IReadOnlyList<GlLine>> GetJournalAsync(string transactionNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GlLine>>(
            [.. Rows("gl", r => r["transaction_number"] == transactionNumber).Select(r => new GlLine { TransactionNumber = transactionNumber, Amount = decimal.Parse(r["amount"]!, CultureInfo.InvariantCulture) })]);

    private TransactionResult Order(P21Transaction transaction, bool isRma = false)
    {
        Dictionary<string, string?> header = Edits(transaction.DataElements.First(e => e.Name == "TABPAGE_1.order").Rows[0]);
        DataElement? lines = transaction.DataElements.FirstOrDefault(e => e.Name == "TP_ITEMS.items");
        string orderNo;
        lock (_gate)
        {
            if (header.TryGetValue("order_no", out string? existing) && existing is not null)
            {
                orderNo = existing;
                if (header.GetValueOrDefault("cancel_flag") == "Y")
                {
                    foreach (Dictionary<string, string?> row in Tables.GetOrAdd("oe_hdr", _ => []).Where(r => r["order_no"] == orderNo))
                    {
                        row["cancel_flag"] = "Y";
                    }
                }
            }
            else
            {
                if (!header.ContainsKey("customer_id"))
                {
                    return Failed("Customer ID is required");
                }

                if (lines?.Rows.Select(Edits).FirstOrDefault(l => !Rows("inv_mast").Any(i => i["item_id"] == l.GetValueOrDefault("oe_order_item_id"))) is { } badLine)
                {
                    return Failed($"Item ID {badLine.GetValueOrDefault("oe_order_item_id")} is not valid");
                }

                orderNo = (++_nextOrder).ToString(CultureInfo.InvariantCulture);
                header["order_no"] = orderNo;
                header["delete_flag"] = "N";
                header["rma_flag"] = isRma ? "Y" : "N";
                Tables.GetOrAdd("oe_hdr", _ => []).Add(header);
            }

            List<Dictionary<string, string?>> oeLines = Tables.GetOrAdd("oe_line", _ => []);
            foreach (Dictionary<string, string?> edits in (lines?.Rows ?? []).Select(Edits))
            {
                Dictionary<string, string?>? row = oeLines.FirstOrDefault(l => l["order_no"] == orderNo && l["user_line_no"] == edits["user_line_no"]);
                if (row is null)
                {
                    row = new() { ["order_no"] = orderNo, ["user_line_no"] = edits["user_line_no"], ["delete_flag"] = "N" };
                    oeLines.Add(row);
                }

                if (edits.TryGetValue("oe_order_item_id", out string? item))
                {
                    row["item_id"] = item;
                }

                if (edits.TryGetValue("unit_price", out string? price))
                {
                    row["unit_price"] = price;
                }

                row["unit_quantity"] = edits["unit_quantity"];
            }
        }

        return Passed("TABPAGE_1.order", "order_no", orderNo);
    }

    private TransactionResult Customer(P21Transaction transaction)
    {
        Dictionary<string, string?> header = Edits(transaction.DataElements[0].Rows[0]);
        if (!header.ContainsKey("customer_id") && !header.ContainsKey("salesrep_id"))
        {
            return Failed("Salesrep ID is required for ship to");
        }

        lock (_gate)
        {
            string id = header.GetValueOrDefault("customer_id") ?? (++_nextCustomer).ToString(CultureInfo.InvariantCulture);
            if (!header.ContainsKey("customer_id"))
            {
                Tables.GetOrAdd("customer", _ => []).Add(new() { ["customer_id"] = id, ["customer_name"] = header["customer_name"], ["delete_flag"] = "N" });
                Tables.GetOrAdd("address", _ => []).Add(AddressRow(id, header));
                Tables.GetOrAdd("ship_to", _ => []).Add(new() { ["ship_to_id"] = id, ["customer_id"] = id, ["delete_flag"] = "N" });
            }

            return Passed("TABPAGE_1.tp_1_dw_1", "customer_id", id);
        }
    }

    // Ship To maintenance, as the sandbox models it: a new ship-to with its own address row, id from the customer sequence.
    private TransactionResult ShipTo(P21Transaction transaction)
    {
        Dictionary<string, string?> header = Edits(transaction.DataElements[0].Rows[0]);
        if (header.GetValueOrDefault("customer_id") is not { } customerId || header.GetValueOrDefault("default_branch") is null)
        {
            return Failed("Customer ID and Default Branch are required");
        }

        lock (_gate)
        {
            string id = (++_nextCustomer).ToString(CultureInfo.InvariantCulture);
            Tables.GetOrAdd("address", _ => []).Add(AddressRow(id, header));
            Tables.GetOrAdd("ship_to", _ => []).Add(new() { ["ship_to_id"] = id, ["customer_id"] = customerId, ["delete_flag"] = "N" });
            return Passed("TABPAGE_1.tp_1_dw_1", "ship_to_id", id);
        }
    }

    private static Dictionary<string, string?> AddressRow(string id, Dictionary<string, string?> header) => new()
    {
        ["id"] = id,
        ["email_address"] = header.GetValueOrDefault("email_address"),
        ["mail_address1"] = header.GetValueOrDefault("mail_address1"),
        ["mail_address2"] = header.GetValueOrDefault("mail_address2"),
        ["mail_city"] = header.GetValueOrDefault("mail_city"),
        ["mail_state"] = header.GetValueOrDefault("mail_state"),
        ["mail_postal_code"] = header.GetValueOrDefault("mail_postal_code"),
        ["mail_country"] = header.GetValueOrDefault("mail_country"),
        ["delete_flag"] = "N",
    };

    private TransactionResult Shipping(P21Transaction transaction)
    {
        Dictionary<string, string?> edits = Edits(transaction.DataElements[0].Rows[0]);
        lock (_gate)
        {
            Dictionary<string, string?>? ticket = Tables.GetOrAdd("oe_pick_ticket", _ => []).FirstOrDefault(t => t["pick_ticket_no"] == edits["pick_ticket_no"]);
            if (ticket is null)
            {
                return Failed("Pick ticket not found");
            }

            ticket["tracking_no"] = edits["tracking_no"];
            ticket["carrier_id"] = edits["carrier_id"];
            ticket["invoice_no"] = "INV" + edits["pick_ticket_no"];
            return Passed("TABPAGE_1.tp_1_dw_1", "pick_ticket_no", edits["pick_ticket_no"]!);
        }
    }

    private static Dictionary<string, string?> Edits(DataElementRow row) =>
        row.Edits.ToDictionary(e => e.Name, e => e.Value, StringComparer.OrdinalIgnoreCase);

    private static TransactionResult Passed(string element, string field, string value) =>
        new(
            ["Transaction 1:: "],
            new TransactionResultSet("x", [new P21Transaction([DataElement.Form(element, new FieldEdit(field, value))]) { Status = "Passed" }]),
            new TransactionSummary(1, 0, 0));

    internal static TransactionResult Failed(string message) =>
        new([$"Transaction 1:: {message}"], null, new TransactionSummary(0, 1, 0));

    private void ThrowIfFaulted(string call)
    {
        if (Fault?.Invoke(call) is { } ex)
        {
            throw ex;
        }
    }

    private static List<Func<Dictionary<string, string?>, bool>> Parse(string? filter)
    {
        List<Func<Dictionary<string, string?>, bool>> clauses = [];
        if (string.IsNullOrWhiteSpace(filter))
        {
            return clauses;
        }

        foreach (string clause in filter.Split(" and ", StringSplitOptions.TrimEntries))
        {
            Match starts = StartsWith().Match(clause);
            if (starts.Success)
            {
                string column = starts.Groups[1].Value;
                string prefix = Unquote(starts.Groups[2].Value);
                clauses.Add(r => r.GetValueOrDefault(column)?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true);
                continue;
            }

            // A parenthesized or-chain of comparisons: how the writer asks for several keys in one read.
            if (clause.StartsWith('(') && clause.EndsWith(')'))
            {
                List<Func<Dictionary<string, string?>, bool>> any = [.. clause[1..^1].Split(" or ", StringSplitOptions.TrimEntries).Select(Comparison)];
                clauses.Add(r => any.Exists(c => c(r)));
                continue;
            }

            clauses.Add(Comparison(clause));
        }

        return clauses;
    }

    private static Func<Dictionary<string, string?>, bool> Comparison(string clause)
    {
        Match compare = Compare().Match(clause);
        if (!compare.Success)
        {
            throw new NotSupportedException($"fake OData cannot read '{clause}'");
        }

        string col = compare.Groups[1].Value;
        bool eq = compare.Groups[2].Value == "eq";
        string literal = Unquote(compare.Groups[3].Value);
        return r => Same(r.GetValueOrDefault(col), literal) == eq;
    }

    private static bool Same(string? value, string literal) =>
        decimal.TryParse(value, CultureInfo.InvariantCulture, out decimal a) && decimal.TryParse(literal, CultureInfo.InvariantCulture, out decimal b)
            ? a == b
            : string.Equals(value, literal, StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string literal) =>
        literal.StartsWith('\'') ? literal[1..^1].Replace("''", "'", StringComparison.Ordinal) : literal;

    [GeneratedRegex(@"^startswith\((\w+),\s*('(?:[^']|'')*')\)$")]
    private static partial Regex StartsWith();

    [GeneratedRegex(@"^(\w+) (eq|ne) ('(?:[^']|'')*'|[-\d.]+)$")]
    private static partial Regex Compare();
}
