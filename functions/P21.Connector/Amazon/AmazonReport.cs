using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>
/// A report as <c>getReports</c> lists it (the <c>Report</c> definition of models/reports-api-model/reports_2021-06-30.json
/// in amzn/selling-partner-api-models), the fields the settlement and returns pulls read.
/// </summary>
internal sealed record AmazonReport(
    [property: JsonPropertyName("reportId")] string ReportId,
    [property: JsonPropertyName("reportType")] string ReportType,
    [property: JsonPropertyName("createdTime")] DateTimeOffset CreatedTime,
    [property: JsonPropertyName("processingStatus")] string ProcessingStatus,
    [property: JsonPropertyName("reportDocumentId")] string? ReportDocumentId,
    [property: JsonPropertyName("dataStartTime")] DateTimeOffset? DataStartTime,
    [property: JsonPropertyName("dataEndTime")] DateTimeOffset? DataEndTime)
{
    /// <summary>The report type of Amazon's settlement report V2 flat file (Amazon generates it; it cannot be requested).</summary>
    public const string SettlementV2FlatFile = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";

    /// <summary>The report type of the FBA customer returns report (requested with <c>createReport</c>; the range is of <c>return-date</c>).</summary>
    public const string FbaCustomerReturns = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA";

    /// <summary>The <c>processingStatus</c> of a report whose document is ready.</summary>
    public const string Done = "DONE";

    /// <summary>The <c>processingStatus</c> of a report Amazon cancelled, itself when the range holds no data.</summary>
    public const string Cancelled = "CANCELLED";

    /// <summary>The <c>processingStatus</c> of a report Amazon could not build.</summary>
    public const string Fatal = "FATAL";
}

/// <summary>A <c>createReport</c> body (<c>CreateReportSpecification</c>).</summary>
internal sealed record AmazonReportSpecification(
    [property: JsonPropertyName("reportType")] string ReportType,
    [property: JsonPropertyName("marketplaceIds")] IReadOnlyList<string> MarketplaceIds,
    [property: JsonPropertyName("dataStartTime")] string DataStartTime,
    [property: JsonPropertyName("dataEndTime")] string DataEndTime);

/// <summary>A <c>createReport</c> answer (<c>CreateReportResponse</c>).</summary>
internal sealed record AmazonReportCreated([property: JsonPropertyName("reportId")] string? ReportId);

/// <summary>A <c>getReports</c> answer (<c>GetReportsResponse</c>): not wrapped in <c>payload</c>, unlike Orders v0.</summary>
internal sealed record AmazonReportList(
    [property: JsonPropertyName("reports")] IReadOnlyList<AmazonReport>? Reports,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>
/// A <c>getReportDocument</c> answer (<c>ReportDocument</c>): a presigned URL valid for five minutes and, when the
/// document is compressed, <c>compressionAlgorithm</c> (<c>GZIP</c> is the only value published).
/// </summary>
internal sealed record AmazonReportDocument(
    [property: JsonPropertyName("reportDocumentId")] string ReportDocumentId,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("compressionAlgorithm")] string? CompressionAlgorithm);
