using System.Text.Json;

namespace P21.Connector.Amazon;

/// <summary>
/// Reports a seller requests (models/reports-api-model/reports_2021-06-30.json): <c>createReport</c> (usage plan 0.0167
/// requests/s, burst 15; answers 202 <c>{reportId}</c>) and <c>getReport</c> (2 requests/s, burst 15), which says when the
/// report is <c>DONE</c> and its document id. Amazon builds a report in minutes, so a caller keeps the id and asks
/// again later instead of waiting in a loop.
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>Asks Amazon to build a report of <paramref name="reportType"/> for data in [<paramref name="start"/>, <paramref name="end"/>) in the configured marketplaces; the report id.</summary>
    /// <exception cref="SpApiException">Amazon refused the call, or it kept failing.</exception>
    public async Task<string> CreateReportAsync(string reportType, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportType);
        var specification = new AmazonReportSpecification(
            reportType, [.. options.CurrentValue.MarketplaceIds.Select(m => m.Trim()).Where(m => m.Length > 0)], Iso(start), Iso(end));
        string body = await SendAsync("createReport", HttpMethod.Post, "/reports/2021-06-30/reports",
            JsonSerializer.Serialize(specification, AmazonJsonContext.Default.AmazonReportSpecification), cancellationToken).ConfigureAwait(false);
        AmazonReportCreated created = Read(body, "createReport", AmazonJsonContext.Default.AmazonReportCreated);
        return string.IsNullOrWhiteSpace(created.ReportId)
            ? throw new SpApiException("InvalidResponse", "createReport answered no reportId", System.Net.HttpStatusCode.OK)
            : created.ReportId;
    }

    /// <summary>The report <paramref name="reportId"/> as Amazon has it now (its <c>processingStatus</c> and, once DONE, its document).</summary>
    /// <exception cref="SpApiException">Amazon refused the call (404: no such report), or it kept failing.</exception>
    public async Task<AmazonReport> GetReportAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportId);
        string body = await SendAsync("getReport", HttpMethod.Get, $"/reports/2021-06-30/reports/{Uri.EscapeDataString(reportId)}", null, cancellationToken).ConfigureAwait(false);
        return Read(body, "getReport", AmazonJsonContext.Default.AmazonReport);
    }
}
