using System.Globalization;
using System.Text.Json;

using P21.Sandbox.Data;
using P21.Sandbox.Json;

namespace P21.Sandbox.Rest;

/// <summary>
/// GL journal entries: POST /api/accounting/gl/ (balanced lines), GET /api/accounting/gl/{transactionNumber}, and the bare
/// collection GET, which (like P21's) dumps every line and ignores $top.
/// </summary>
internal static class GlEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/accounting/gl/", PostAsync);
        app.MapGet("/api/accounting/gl/{transactionNumber}", GetAsync);
        app.MapGet("/api/accounting/gl/", ListAsync);
    }

    private static async Task<IResult> PostAsync(HttpContext context, SandboxDatabase db, SandboxClock clock)
    {
        if (TrailingSlash.RedirectIfMissing(context) is { } redirect)
        {
            return redirect;
        }

        List<GlLine>? lines;
        try
        {
            lines = await JsonSerializer.DeserializeAsync(context.Request.Body, RestJsonContext.Default.ListGlLine, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(context.Request, P21Error.Create($"The request body must be a JSON array of GL lines: {ex.Message}", "System.ArgumentException"), 400);
        }

        if (lines is null || lines.Count == 0)
        {
            return Error(context.Request, P21Error.Create("At least one GL line is required.", "System.ArgumentException"), 400);
        }

        foreach (GlLine line in lines)
        {
            string? missing = string.IsNullOrWhiteSpace(line.AccountNumber) ? "AccountNumber" : line.Period is null ? "Period" : line.YearForPeriod is null ? "YearForPeriod"
                : line.Amount is null ? "Amount" : string.IsNullOrWhiteSpace(line.CompanyNo) ? "CompanyNo" : null;
            if (missing is not null)
            {
                return Business(context.Request, $"Required value missing: {missing}");
            }

            if (line.Period is < 1 or > 13)
            {
                return Business(context.Request, $"Period {line.Period} is not valid.");
            }
        }

        if (lines.Sum(static l => l.Amount!.Value) != 0m)
        {
            return Business(context.Request, "Records do not balance");
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        long transactionNumber = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(transaction_number), 0) + 1 FROM gl", context.RequestAborted);
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(gl_uid), 0) FROM gl", context.RequestAborted);
        var saved = new List<GlLine>();
        foreach (GlLine line in lines)
        {
            uid++;
            string date = line.TransactionDate is not null && SandboxClock.TryParseDate(line.TransactionDate, out DateTime parsed) ? SandboxClock.Store(parsed) : SandboxClock.Store(clock.LocalNow.Date);
            await session.RunAsync(
                "INSERT INTO gl (gl_uid, company_no, transaction_number, account_number, period, year_for_period, journal_id, amount, foreign_amount, description, source, transaction_date, approved) VALUES ($u, $co, $t, $a, $p, $y, $j, $amt, $f, $d, $s, $td, 'Y')",
                context.RequestAborted, ("$u", uid), ("$co", line.CompanyNo), ("$t", transactionNumber), ("$a", line.AccountNumber), ("$p", line.Period), ("$y", line.YearForPeriod), ("$j", line.JournalId),
                ("$amt", line.Amount), ("$f", line.ForeignAmount ?? line.Amount), ("$d", line.Description), ("$s", line.Source), ("$td", date));
            saved.Add(line with { TransactionNumber = transactionNumber, Approved = true, GlUid = uid, ForeignAmount = line.ForeignAmount ?? line.Amount, TransactionDate = clock.Render(date) });
        }

        await session.CommitAsync(context.RequestAborted);
        return Lines(context.Request, saved);
    }

    private static async Task<IResult> GetAsync(HttpRequest request, string transactionNumber, SandboxDatabase db, SandboxClock clock, CancellationToken cancellationToken)
    {
        if (!decimal.TryParse(transactionNumber, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal number))
        {
            return Lines(request, []);
        }

        await using WriteSession session = await db.BeginWriteAsync(cancellationToken);
        List<Dictionary<string, object?>> rows = await session.RowsAsync("SELECT * FROM gl WHERE transaction_number = $t ORDER BY gl_uid", cancellationToken, ("$t", number));
        return Lines(request, Read(rows, clock));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, SandboxDatabase db, SandboxClock clock, CancellationToken cancellationToken)
    {
        await using WriteSession session = await db.BeginWriteAsync(cancellationToken);
        List<Dictionary<string, object?>> rows = await session.RowsAsync("SELECT * FROM gl ORDER BY gl_uid", cancellationToken);
        return Lines(request, Read(rows, clock));
    }

    private static List<GlLine> Read(List<Dictionary<string, object?>> rows, SandboxClock clock) =>
        [.. rows.Select(r => new GlLine(Text(r["company_no"]), Text(r["account_number"]), Int(r["period"]), Int(r["year_for_period"]), Text(r["journal_id"]),
            Dec(r["amount"]), Dec(r["foreign_amount"]), Text(r["description"]), Text(r["source"]), r["transaction_date"] is null ? null : clock.Render(Text(r["transaction_date"])!),
            Dec(r["transaction_number"]), Text(r["approved"]) == "Y", (long?)r["gl_uid"]))];

    private static IResult Lines(HttpRequest request, List<GlLine> lines) =>
        RestResponses.Answer(request, lines, RestJsonContext.Default.ListGlLine, "ArrayOfGlLine", static _ => "GlLine");

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static decimal? Dec(object? value) => value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static IResult Business(HttpRequest request, string message) =>
        RestResponses.Answer(request, new BusinessError(message, "P21.Business.Common.BusinessException"), SandboxJsonContext.Default.BusinessError, "ErrorResponse", static n => n,
            StatusCodes.Status500InternalServerError);

    private static IResult Error(HttpRequest request, P21Error error, int status) =>
        RestResponses.Answer(request, error, SandboxJsonContext.Default.P21Error, "ErrorResponse", static n => n, status);
}
