using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using P21.Connector.Client.Models;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// The "serve-alone" baseline: one HttpClient, sequential, fetching the same keyset pages (same $filter shape, $select,
/// $orderby, $top) the connector's client sends, in change order (date, keys) or key order (keys alone, as a backfill
/// walks), parsing only the last row to build the next predicate. No mapping, no fingerprints, no sink.
/// </summary>
internal sealed class RawKeysetReader : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    private RawKeysetReader(HttpClient http, Uri baseAddress)
    {
        _http = http;
        _base = baseAddress;
    }

    public static async Task<RawKeysetReader> StartAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var response = await http.PostAsJsonAsync(new Uri(baseAddress, "api/security/token/v2"),
            new { username = SandboxProcess.UserName, password = SandboxProcess.Password }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("AccessToken").GetString());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new RawKeysetReader(http, baseAddress);
    }

    /// <summary>Reads every row (optionally from <paramref name="since"/>, inclusive) in keyset pages; returns (rows, requests, elapsed).</summary>
    /// <remarks>
    /// In key order, <paramref name="afterKey"/> (exclusive) and <paramref name="throughKey"/> (inclusive), OData literals of
    /// the key columns, bound the read to one range of a split backfill.
    /// </remarks>
    public async Task<(long Rows, int Requests, TimeSpan Elapsed)> ReadAllAsync(
        string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> select, int pageSize, DateTimeOffset? since, PageOrder order, CancellationToken cancellationToken,
        IReadOnlyList<string>? afterKey = null, IReadOnlyList<string>? throughKey = null)
    {
        var clock = Stopwatch.StartNew();
        string[] changeOrder = ["date_last_modified", .. keyColumns];
        string[] orderBy = order == PageOrder.Key ? [.. keyColumns] : changeOrder;
        var selectList = string.Join(',', select.Concat(changeOrder).Distinct(StringComparer.OrdinalIgnoreCase));
        string? from = since is { } s ? $"date_last_modified ge {ODataLiterals.DateTime(s, SandboxProcess.UtcOffset)}" : null;
        string? through = throughKey is null ? null : KeysThrough(throughKey, keyColumns);
        string? predicate = afterKey is null ? from : KeyAfter(afterKey, keyColumns, from);
        long rows = 0;
        var requests = 0;
        while (true)
        {
            var query = new StringBuilder("?");
            string? filter = predicate is null ? through : through is null ? predicate : $"({predicate}) and ({through})";
            if (filter is not null)
            {
                query.Append("$filter=").Append(Uri.EscapeDataString(filter)).Append('&');
            }

            query.Append("$select=").Append(Uri.EscapeDataString(selectList))
                .Append("&$orderby=").Append(Uri.EscapeDataString(string.Join(',', orderBy)))
                .Append("&$top=").Append(pageSize);
            using var response = await _http.GetAsync(new Uri(_base, $"odataservice/odata/table/{table}{query}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            requests++;
            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var page = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var values = page.RootElement.GetProperty("value");
                var count = values.GetArrayLength();
                rows += count;
                if (count < pageSize)
                {
                    return (rows, requests, clock.Elapsed);
                }

                var last = new P21Row(values[count - 1], SandboxProcess.UtcOffset);
                predicate = order == PageOrder.Key ? KeyAfter(Literals(last, keyColumns), keyColumns, from) : After(last, keyColumns);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    // The same total-order predicate as the connector's keyset filter: (t > T) or (t = T and keys > K).
    private static string After(P21Row last, IReadOnlyList<string> keyColumns)
    {
        if (!last.TryGetDateTimeOffset("date_last_modified", out var modified))
        {
            throw new InvalidOperationException("a row without date_last_modified");
        }

        var t = ODataLiterals.DateTime(modified.ToUniversalTime(), SandboxProcess.UtcOffset);
        return $"(date_last_modified gt {t}) or (date_last_modified eq {t} and {KeysAfter(Literals(last, keyColumns), keyColumns, 0)})";
    }

    // The connector's key-order predicate: k1 ge a (an index seek) and keys > K, plus the backfill's start date if any.
    private static string KeyAfter(IReadOnlyList<string> key, IReadOnlyList<string> keyColumns, string? from)
    {
        var keys = keyColumns.Count == 1
            ? KeysAfter(key, keyColumns, 0)
            : $"{keyColumns[0]} ge {key[0]} and {KeysAfter(key, keyColumns, 0)}";
        return from is null ? keys : $"{from} and {keys}";
    }

    private static string KeysAfter(IReadOnlyList<string> key, IReadOnlyList<string> keyColumns, int i) => i == keyColumns.Count - 1
        ? $"{keyColumns[i]} gt {key[i]}"
        : $"({keyColumns[i]} gt {key[i]} or ({keyColumns[i]} eq {key[i]} and {KeysAfter(key, keyColumns, i + 1)}))";

    // The connector's range end: keys <= K, with the same leading seek.
    private static string KeysThrough(IReadOnlyList<string> key, IReadOnlyList<string> keyColumns)
    {
        string Through(int i) => i == keyColumns.Count - 1
            ? $"{keyColumns[i]} le {key[i]}"
            : $"({keyColumns[i]} lt {key[i]} or ({keyColumns[i]} eq {key[i]} and {Through(i + 1)}))";
        return keyColumns.Count == 1 ? Through(0) : $"{keyColumns[0]} le {key[0]} and {Through(0)}";
    }

    private static string[] Literals(P21Row row, IReadOnlyList<string> columns) => [.. columns.Select(c => Literal(row, c))];

    private static string Literal(P21Row row, string column) =>
        row.TryGetProperty(column, out var value) ? ODataLiterals.FromJson(value) : throw new InvalidOperationException($"no {column}");
}
