using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// The Reports API 2021-06-30 as the settlement pull uses it, written from models/reports-api-model/reports_2021-06-30.json
/// in amzn/selling-partner-api-models: <c>GET /reports/2021-06-30/reports</c> (<c>reportTypes</c>,
/// <c>processingStatuses</c>, <c>createdSince</c> defaulting to 90 days ago, <c>pageSize</c> 1-100 defaulting to 10;
/// <c>nextToken</c> must be the only parameter, else 400 <c>InvalidInput</c>; the answer is <c>{reports, nextToken}</c>,
/// not wrapped in <c>payload</c>; reports are kept 90 days) at 0.0222 requests/s, burst 10; and
/// <c>GET /reports/2021-06-30/documents/{reportDocumentId}</c> (<c>{reportDocumentId, url, compressionAlgorithm}</c>) at
/// 0.0167 requests/s, burst 15. The <c>url</c> is a stand-in for the S3 presigned URL: it lapses after
/// <see cref="DocumentUrlLifetime"/> (403 <c>AccessDenied</c>, as S3 answers) and refuses a request that carries
/// <c>x-amz-access-token</c> (an SP-API credential has no business on a storage host).
/// </summary>
public sealed partial class SpApiFake
{
    /// <summary>getReports' published usage plan: 0.0222 requests per second, burst 10.</summary>
    public static readonly (double Rate, int Burst) GetReportsPlan = (0.0222, 10);

    /// <summary>getReportDocument's published usage plan: 0.0167 requests per second, burst 15.</summary>
    public static readonly (double Rate, int Burst) GetReportDocumentPlan = (0.0167, 15);

    /// <summary>The report type of the settlement report V2 flat file.</summary>
    public const string SettlementReportType = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";

    private static readonly TimeSpan ReportRetention = TimeSpan.FromDays(90);

    private readonly List<SeededReport> _reports = [];
    private readonly Dictionary<string, (DateTimeOffset Since, string[] Types, string[] Statuses, int PageSize, int Offset)> _reportPages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string DocumentId, DateTimeOffset Expires)> _presigned = new(StringComparer.Ordinal);

    /// <summary>How long a report document URL works (Amazon's presigned URLs last five minutes).</summary>
    public TimeSpan DocumentUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most reports a getReports page holds whatever <c>pageSize</c> asks (Amazon's cap is 100); lower it to page a few.</summary>
    public int ReportsPageLimit { get; set; } = 100;

    /// <summary>How many of the next downloads answer 403 as if their URL had lapsed (a slow client, a clock skew).</summary>
    public int LapseNextDownloads { get; set; }

    /// <summary>Reports whose document says <c>GZIP</c> but is served uncompressed (a broken upload on Amazon's side).</summary>
    public HashSet<string> BrokenGzipReports { get; } = new(StringComparer.Ordinal);

    public int ReportsCalls;
    public int DocumentCalls;
    public int DownloadCalls;

    /// <summary>Downloads refused because they carried <c>x-amz-access-token</c>.</summary>
    public int DownloadsWithAccessToken;

    /// <summary>The query string of every getReports call, in order.</summary>
    public List<string> ReportsQueries { get; } = [];

    /// <summary>
    /// Adds a report as getReports will list it (its document id is derived from <paramref name="reportId"/>), with the
    /// document's bytes, gzipped on the way out when <paramref name="gzip"/>.
    /// </summary>
    public void SeedReport(string reportId, DateTimeOffset createdTime, byte[] document, bool gzip = true, string reportType = SettlementReportType, string status = "DONE")
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            _reports.Add(new SeededReport(reportId, reportType, createdTime, status, DocumentIdOf(reportId), document, gzip));
        }
    }

    /// <summary>The document id the fake gives a seeded report.</summary>
    public static string DocumentIdOf(string reportId) => $"amzn1.spdoc.1.4.na.{reportId}";

    private void MapReports(WebApplication app)
    {
        app.MapGet("/reports/2021-06-30/reports", Reports);
        app.MapGet("/reports/2021-06-30/documents/{reportDocumentId}", ReportDocument);
        app.MapGet("/presigned/{signature}", Download);
        MapReportRequests(app);
    }

    private IResult Reports(HttpContext context)
    {
        var q = context.Request.Query;
        lock (_gate)
        {
            ReportsCalls++;
            ReportsQueries.Add(context.Request.QueryString.Value ?? "");
            if (Refused(context, "getReports", GetReportsPlan) is { } refused)
            {
                return refused;
            }

            (DateTimeOffset Since, string[] Types, string[] Statuses, int PageSize, int Offset) position;
            string next = q["nextToken"].ToString();
            if (next.Length > 0)
            {
                if (q.Count > 1)
                {
                    return Error(400, "InvalidInput", "Invalid Input", "nextToken must be the only parameter: the token carries the first request's filters");
                }

                if (!_reportPages.Remove(next, out position))
                {
                    return Error(400, "InvalidInput", "Invalid Input", "nextToken is invalid or expired");
                }
            }
            else
            {
                string[] types = List(q["reportTypes"].ToString());
                if (types.Length is 0 or > 10)
                {
                    return Error(400, "InvalidInput", "Invalid Input", "reportTypes must hold 1 to 10 report types when nextToken is not given");
                }

                int pageSize = 10;
                string size = q["pageSize"].ToString();
                if (size.Length > 0 && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 100))
                {
                    return Error(400, "InvalidInput", "Invalid Input", "pageSize must be between 1 and 100");
                }

                string since = q["createdSince"].ToString();
                DateTimeOffset? created = since.Length == 0 ? clock.GetUtcNow() - ReportRetention : Date(since);
                if (created is null)
                {
                    return Error(400, "InvalidInput", "Invalid Input", "createdSince is not an ISO 8601 date-time");
                }

                position = (created.Value, types, List(q["processingStatuses"].ToString()), pageSize, 0);
            }

            DateTimeOffset retained = clock.GetUtcNow() - ReportRetention;
            var matching = _reports
                .Where(r => position.Types.Contains(r.ReportType, StringComparer.Ordinal))
                .Where(r => position.Statuses.Length == 0 || position.Statuses.Contains(r.Status, StringComparer.Ordinal))
                .Where(r => r.CreatedTime >= position.Since && r.CreatedTime >= retained)
                .OrderByDescending(r => r.CreatedTime)
                .ThenBy(r => r.ReportId, StringComparer.Ordinal)
                .ToList();
            var page = matching.Skip(position.Offset).Take(Math.Min(position.PageSize, ReportsPageLimit)).Select(r => (JsonNode)r.Json()).ToArray();
            var answer = new JsonObject { ["reports"] = new JsonArray(page) };
            if (position.Offset + page.Length < matching.Count)
            {
                string token = Guid.NewGuid().ToString("N");
                _reportPages[token] = position with { Offset = position.Offset + page.Length };
                answer["nextToken"] = token;
            }

            return new RateLimited(Results.Json(answer), GetReportsPlan.Rate);
        }
    }

    private IResult ReportDocument(string reportDocumentId, HttpContext context)
    {
        lock (_gate)
        {
            DocumentCalls++;
            if (Refused(context, "getReportDocument", GetReportDocumentPlan) is { } refused)
            {
                return refused;
            }

            SeededReport? report = _reports.FirstOrDefault(r => r.DocumentId == reportDocumentId);
            if (report is null)
            {
                return Error(404, "NotFound", "The report document was not found", reportDocumentId);
            }

            string signature = Guid.NewGuid().ToString("N");
            _presigned[signature] = (reportDocumentId, clock.GetUtcNow() + DocumentUrlLifetime);
            var answer = new JsonObject
            {
                ["reportDocumentId"] = reportDocumentId,
                ["url"] = new Uri(BaseUrl, $"/presigned/{signature}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires={(int)DocumentUrlLifetime.TotalSeconds}").ToString(),
            };
            if (report.Gzip)
            {
                answer["compressionAlgorithm"] = "GZIP";
            }

            return new RateLimited(Results.Json(answer), GetReportDocumentPlan.Rate);
        }
    }

    private IResult Download(string signature, HttpContext context)
    {
        lock (_gate)
        {
            DownloadCalls++;
            if (context.Request.Headers.ContainsKey("x-amz-access-token"))
            {
                DownloadsWithAccessToken++;
                return S3Error(400, "InvalidArgument", "Only one auth mechanism allowed; the request carries an SP-API access token besides the presigned signature");
            }

            if (!_presigned.TryGetValue(signature, out var issued) || clock.GetUtcNow() >= issued.Expires || LapseNextDownloads-- > 0)
            {
                return S3Error(403, "AccessDenied", "Request has expired");
            }

            SeededReport report = _reports.First(r => r.DocumentId == issued.DocumentId);
            return Results.Bytes(report.Gzip && !BrokenGzipReports.Contains(report.ReportId) ? Gzip(report.Document) : report.Document, "text/plain; charset=utf-8");
        }
    }

    private static IResult S3Error(int status, string code, string message) =>
        Results.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", "application/xml", statusCode: status);

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record SeededReport(string ReportId, string ReportType, DateTimeOffset CreatedTime, string Status, string DocumentId, byte[] Document, bool Gzip)
    {
        public JsonObject Json() => new()
        {
            ["reportId"] = ReportId,
            ["reportType"] = ReportType,
            ["dataStartTime"] = Iso(CreatedTime.AddDays(-14)),
            ["dataEndTime"] = Iso(CreatedTime.AddHours(-2)),
            ["createdTime"] = Iso(CreatedTime),
            ["processingStatus"] = Status,
            ["processingStartTime"] = Iso(CreatedTime),
            ["processingEndTime"] = Iso(CreatedTime.AddMinutes(1)),
            ["reportDocumentId"] = DocumentId,
        };
    }
}
