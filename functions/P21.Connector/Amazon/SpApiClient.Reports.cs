using System.IO.Compression;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Amazon;

/// <summary>
/// The Reports API 2021-06-30 (models/reports-api-model/reports_2021-06-30.json in amzn/selling-partner-api-models), as
/// the settlement pull needs it: <c>getReports</c> (usage plan 0.0222 requests/s, burst 10) and
/// <c>getReportDocument</c> (0.0167 requests/s, burst 15), then the document itself from the presigned URL Amazon
/// answers. A seller's plan may be higher; as for the orders, the pacing follows <c>x-amzn-RateLimit-Limit</c> after
/// a 429 rather than a table (<see cref="SpApiPacing"/>).
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>The named HTTP client report documents are downloaded through (no SP-API headers at all).</summary>
    public const string DownloadClientName = "amazon-report-download";

    /// <summary>The <see cref="SpApiException.Code"/> of a document that was downloaded but cannot be read.</summary>
    public const string InvalidDocument = "InvalidDocument";

    /// <summary>Reports a getReports page asks for (the most Amazon allows; its default is 10).</summary>
    public const int ReportsPageSize = 100;

    /// <summary>The largest document (after decompression) read: a settlement of a busy seller is tens of MB.</summary>
    public const long MaxDocumentBytes = 512L * 1024 * 1024;

    /// <summary>
    /// The <c>DONE</c> reports of <paramref name="reportType"/> created at or after <paramref name="createdSince"/>, every
    /// page, in the order Amazon lists them (newest first, in practice; the caller sorts). Amazon lists no report older
    /// than 90 days. Following pages are asked for with <c>nextToken</c> alone: Amazon fails a request that sends it
    /// with any other parameter.
    /// </summary>
    /// <exception cref="SpApiException">Amazon refused the call, or it kept failing.</exception>
    public async IAsyncEnumerable<AmazonReport> GetReportsAsync(
        string reportType, DateTimeOffset createdSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportType);
        string query = $"reportTypes={Uri.EscapeDataString(reportType)}&processingStatuses={AmazonReport.Done}"
            + $"&createdSince={Uri.EscapeDataString(Iso(createdSince))}&pageSize={ReportsPageSize}";
        for (int page = 1; ; page++)
        {
            string body = await SendAsync("getReports", HttpMethod.Get, "/reports/2021-06-30/reports?" + query, null, cancellationToken).ConfigureAwait(false);
            AmazonReportList list = Read(body, "getReports", AmazonJsonContext.Default.AmazonReportList);
            IReadOnlyList<AmazonReport> reports = list.Reports ?? [];
            LogPage(logger, "getReports", page, reports.Count);
            foreach (AmazonReport report in reports)
            {
                yield return report;
            }

            if (string.IsNullOrEmpty(list.NextToken))
            {
                yield break;
            }

            query = $"nextToken={Uri.EscapeDataString(list.NextToken)}";
        }
    }

    /// <summary>
    /// A report's document, decompressed: <c>getReportDocument</c>, then a GET of its presigned URL. The URL carries
    /// its own signature and is an S3 object, so the access token is not sent there (it would leak the seller's token
    /// to a storage host, and a presigned request refuses extra credentials). The URL lapses after five minutes: a 403
    /// from it asks getReportDocument once more for a fresh one.
    /// </summary>
    /// <exception cref="SpApiException">Amazon refused a call or the download kept failing; code <see cref="InvalidDocument"/> when the document itself cannot be read (bad compression, too large), which no retry mends.</exception>
    public async Task<byte[]> DownloadReportDocumentAsync(string reportDocumentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportDocumentId);
        string path = $"/reports/2021-06-30/documents/{Uri.EscapeDataString(reportDocumentId)}";
        for (int fetch = 1; ; fetch++)
        {
            string body = await SendAsync("getReportDocument", HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            AmazonReportDocument document = Read(body, "getReportDocument", AmazonJsonContext.Default.AmazonReportDocument);
            Uri url = PresignedUrl(document.Url)
                ?? throw new SpApiException("InvalidResponse", $"getReportDocument answered for {reportDocumentId} a url that is not https (http only on loopback)", HttpStatusCode.OK);
            byte[]? bytes = await DownloadAsync(url, cancellationToken).ConfigureAwait(false);
            if (bytes is null && fetch == 1)
            {
                LogUrlExpired(logger, reportDocumentId);
                continue;
            }

            if (bytes is null)
            {
                throw new SpApiException("Forbidden", $"the presigned URL of report document {reportDocumentId} was refused twice", HttpStatusCode.Forbidden);
            }

            return await DecompressedAsync(bytes, document.CompressionAlgorithm, reportDocumentId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The presigned URL, if https (http only on loopback). Its query is its signature, so the address rule is checked on
    /// the rest, and the URL is never put in a message or log line.
    /// </summary>
    private static Uri? PresignedUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && Settings.ServiceAddress.Check(null, url.GetLeftPart(UriPartial.Path), out _) is not null ? url : null;

    /// <summary>The object at a presigned URL; null when it answers 403 (lapsed). Transient failures are retried.</summary>
    private async Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        HttpClient client = clients.CreateClient(DownloadClientName);
        int maxAttempts = options.CurrentValue.MaxAttempts;
        for (int attempt = 1; ; attempt++)
        {
            string failure;
            HttpStatusCode status;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(AttemptTimeout);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
                    }

                    if (response.StatusCode == HttpStatusCode.Forbidden)
                    {
                        return null;
                    }

                    status = response.StatusCode;
                    failure = $"HTTP {(int)status}";
                    if (!SpApiRetry.IsTransient(status))
                    {
                        throw new SpApiException(status.ToString(), $"the report document download answered {failure}", status);
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    status = HttpStatusCode.ServiceUnavailable;
                    failure = e is OperationCanceledException ? "timed out" : "connection failed";
                }
            }

            if (attempt >= maxAttempts)
            {
                throw new SpApiException(status.ToString(), $"the report document download still failing after {attempt} attempts: {failure}", status);
            }

            TimeSpan pause = SpApiRetry.Doubling(attempt);
            LogRetry(logger, "downloadReportDocument", status.ToString(), (int)status, attempt, pause.TotalMilliseconds);
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw TooLarge();
        }

        using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await CopyCappedAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> DecompressedAsync(byte[] bytes, string? algorithm, string reportDocumentId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(algorithm))
        {
            return bytes;
        }

        if (!string.Equals(algorithm, "GZIP", StringComparison.OrdinalIgnoreCase))
        {
            throw new SpApiException("InvalidDocument", $"report document {reportDocumentId} is compressed with {algorithm}, which reports_2021-06-30.json does not define", HttpStatusCode.OK);
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
            return await CopyCappedAsync(gzip, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new SpApiException("InvalidDocument", $"report document {reportDocumentId} says GZIP but is not gzip data ({e.Message})", HttpStatusCode.OK);
        }
    }

    // The cap applies after decompression too: a small gzip can expand without bound.
    private static async Task<byte[]> CopyCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > MaxDocumentBytes)
            {
                throw TooLarge();
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static SpApiException TooLarge() =>
        new("InvalidDocument", $"the report document is larger than {MaxDocumentBytes / (1024 * 1024)} MB", HttpStatusCode.OK);

    private static T Read<T>(string body, string operation, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw new SpApiException("InvalidResponse", $"{operation} answered an empty body", HttpStatusCode.OK);
        }
        catch (JsonException e)
        {
            throw new SpApiException($"{operation} answered JSON that does not match reports_2021-06-30.json ({e.Path})", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The presigned URL of report document {ReportDocumentId} was refused (lapsed); asking getReportDocument for a fresh one")]
    private static partial void LogUrlExpired(ILogger logger, string reportDocumentId);
}
