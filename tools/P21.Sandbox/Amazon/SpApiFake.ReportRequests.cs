using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// Requested reports, written from models/reports-api-model/reports_2021-06-30.json in amzn/selling-partner-api-models:
/// <c>POST /reports/2021-06-30/reports</c> (<c>createReport</c>: body <c>{reportType, marketplaceIds, dataStartTime,
/// dataEndTime}</c>, 202 <c>{reportId}</c>; 0.0167 requests/s, burst 15) and <c>GET /reports/2021-06-30/reports/{reportId}</c>
/// (<c>getReport</c>: the <c>Report</c>; 2 requests/s, burst 15). A report is <c>IN_QUEUE</c>, then <c>IN_PROGRESS</c>,
/// and after <see cref="ReportProcessingTime"/> <c>DONE</c> with a document, or <c>CANCELLED</c> without one when the
/// range holds no data (Amazon: "an automatic cancellation if there is no data to return"). Only the FBA customer
/// returns report (<c>GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA</c>) has data here: the rows seeded with
/// <see cref="SeedCustomerReturn"/> whose <c>return-date</c> falls in the range, as a tab-separated file with the
/// columns Amazon's "FBA Customer Concessions reports attributes" page lists. A settlement report cannot be requested
/// (400, as Amazon answers for a report type that is not requestable).
/// </summary>
public sealed partial class SpApiFake
{
    /// <summary>createReport's published usage plan: 0.0167 requests per second, burst 15.</summary>
    public static readonly (double Rate, int Burst) CreateReportPlan = (0.0167, 15);

    /// <summary>getReport's published usage plan: 2 requests per second, burst 15.</summary>
    public static readonly (double Rate, int Burst) GetReportPlan = (2, 15);

    /// <summary>The report type of the FBA customer returns report.</summary>
    public const string CustomerReturnsReportType = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA";

    /// <summary>The columns of the FBA customer returns report, in Amazon's order.</summary>
    public static readonly string[] CustomerReturnsColumns =
        ["return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity", "fulfillment-center-id", "detailed-disposition", "reason", "status", "license-plate-number", "customer-comments"];

    private readonly List<CustomerReturn> _returns = [];
    private readonly Dictionary<string, RequestedReport> _requested = new(StringComparer.Ordinal);
    private int _nextReportId = 70_000;

    /// <summary>How long a requested report takes to be <c>DONE</c> (or <c>CANCELLED</c>).</summary>
    public TimeSpan ReportProcessingTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Report types whose next request ends <c>FATAL</c> (Amazon could not build it).</summary>
    public HashSet<string> FatalReportTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>A line to put in the next returns document as it is (to test a file that does not read).</summary>
    public string? ExtraReturnsLine { get; set; }

    public int CreateReportCalls;
    public int GetReportCalls;

    /// <summary>The body of every accepted createReport call, in order.</summary>
    public List<JsonObject> ReportRequests { get; } = [];

    /// <summary>Adds one FBA customer return (one row of the report).</summary>
    public void SeedCustomerReturn(
        DateTimeOffset returnDate, string orderId, string sku, int quantity, string disposition = "SELLABLE", string reason = "UNWANTED_ITEM", string? licensePlate = null)
    {
        lock (_gate)
        {
            _returns.Add(new CustomerReturn(returnDate, orderId, sku, quantity, disposition, reason, licensePlate ?? $"LPNRR{_returns.Count + 1:D9}"));
        }
    }

    private void MapReportRequests(WebApplication app)
    {
        app.MapPost("/reports/2021-06-30/reports", (Func<HttpContext, Task<IResult>>)CreateReportAsync);
        app.MapGet("/reports/2021-06-30/reports/{reportId}", GetReport);
    }

    private async Task<IResult> CreateReportAsync(HttpContext context)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        lock (_gate)
        {
            CreateReportCalls++;
            if (Refused(context, "createReport", CreateReportPlan) is { } refused)
            {
                return refused;
            }

            if (body is null)
            {
                return Error(400, "InvalidInput", "Invalid Input", "The request body is not a CreateReportSpecification");
            }

            string? type = body["reportType"]?.GetValue<string>();
            if (type != CustomerReturnsReportType)
            {
                return Error(400, "InvalidInput", "Invalid Input", $"Report type {type ?? "(none)"} cannot be requested");
            }

            string marketplaces = string.Join(',', (body["marketplaceIds"] as JsonArray ?? []).Select(m => m?.GetValue<string>()));
            if (Marketplace400(marketplaces) is { } badMarketplace)
            {
                return badMarketplace;
            }

            DateTimeOffset now = clock.GetUtcNow();
            DateTimeOffset? start = Date(body["dataStartTime"]?.GetValue<string>() ?? "");
            DateTimeOffset? end = body["dataEndTime"] is null ? now : Date(body["dataEndTime"]!.GetValue<string>());
            if (start is null || end is null || start >= end || end > now)
            {
                return Error(400, "InvalidInput", "Invalid Input", "dataStartTime and dataEndTime must be ISO 8601 date-times with dataStartTime before dataEndTime, neither in the future");
            }

            ReportRequests.Add(body);
            string id = (_nextReportId++).ToString(CultureInfo.InvariantCulture);
            var rows = _returns.Where(r => r.ReturnDate >= start && r.ReturnDate < end).OrderBy(r => r.ReturnDate).ToList();
            byte[]? document = rows.Count == 0 && ExtraReturnsLine is null ? null : ReturnsDocument(rows);
            ExtraReturnsLine = null;
            string outcome = FatalReportTypes.Remove(type) ? "FATAL" : document is null ? "CANCELLED" : Done;
            _requested[id] = new RequestedReport(id, type, start.Value, end.Value, now, outcome);
            if (document is not null && outcome == Done)
            {
                _reports.Add(new SeededReport(id, type, now, Done, DocumentIdOf(id), document, Gzip: false));
            }

            return new RateLimited(Results.Json(new JsonObject { ["reportId"] = id }, statusCode: 202), CreateReportPlan.Rate);
        }
    }

    private IResult GetReport(string reportId, HttpContext context)
    {
        lock (_gate)
        {
            GetReportCalls++;
            if (Refused(context, "getReport", GetReportPlan) is { } refused)
            {
                return refused;
            }

            if (!_requested.TryGetValue(reportId, out RequestedReport? report))
            {
                return Error(404, "NotFound", "The report was not found", reportId);
            }

            TimeSpan age = clock.GetUtcNow() - report.CreatedTime;
            string status = age >= ReportProcessingTime ? report.Outcome : age >= ReportProcessingTime / 2 ? "IN_PROGRESS" : "IN_QUEUE";
            var answer = new JsonObject
            {
                ["reportId"] = report.ReportId,
                ["reportType"] = report.ReportType,
                ["marketplaceIds"] = new JsonArray(Marketplace),
                ["dataStartTime"] = Iso(report.Start),
                ["dataEndTime"] = Iso(report.End),
                ["createdTime"] = Iso(report.CreatedTime),
                ["processingStatus"] = status,
            };
            if (status == Done)
            {
                answer["processingEndTime"] = Iso(report.CreatedTime + ReportProcessingTime);
                answer["reportDocumentId"] = DocumentIdOf(report.ReportId);
            }

            return new RateLimited(Results.Json(answer), GetReportPlan.Rate);
        }
    }

    private byte[] ReturnsDocument(List<CustomerReturn> rows)
    {
        var text = new StringBuilder(string.Join('\t', CustomerReturnsColumns)).Append('\n');
        foreach (CustomerReturn r in rows)
        {
            text.AppendJoin('\t',
                r.ReturnDate.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), r.OrderId, r.Sku, $"B0{r.Sku.Length:D8}",
                $"X00{r.Sku.Length:D7}", $"Product {r.Sku}", r.Quantity.ToString(CultureInfo.InvariantCulture), "PHX7",
                r.Disposition, r.Reason, "Unit returned to inventory", r.LicensePlate, "");
            text.Append('\n');
        }

        if (ExtraReturnsLine is { } extra)
        {
            text.Append(extra).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private const string Done = "DONE";

    private sealed record CustomerReturn(DateTimeOffset ReturnDate, string OrderId, string Sku, int Quantity, string Disposition, string Reason, string LicensePlate);

    private sealed record RequestedReport(string ReportId, string ReportType, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset CreatedTime, string Outcome);
}
