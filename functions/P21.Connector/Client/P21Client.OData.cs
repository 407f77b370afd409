using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

using P21.Connector.Client.Http;
using P21.Connector.Client.Models;
using P21.Connector.Client.OData;

namespace P21.Connector.Client;

public partial class P21Client
{
    /// <summary>
    /// Reads every row of a table or view with offset paging (<c>$top</c>/<c>$skip</c> over a stable
    /// <c>$orderby</c>), streaming rows page by page; stops on a short page.
    /// </summary>
    /// <remarks>Offset windows shift if rows change meanwhile; for change polling use <see cref="ReadChangedPagesAsync"/>.</remarks>
    /// <exception cref="ArgumentException"><see cref="ODataQuery.OrderBy"/> is empty.</exception>
    /// <exception cref="P21RequestFailedException">P21 failed (see the subtypes).</exception>
    public virtual async IAsyncEnumerable<P21Row> QueryAsync(ODataQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Name);
        if (query.OrderBy is not { Count: > 0 })
        {
            throw new ArgumentException(
                $"QueryAsync on '{query.Name}' needs a stable OrderBy (e.g. the table's key columns); offset pages drift without one.",
                nameof(query));
        }

        int pageSize = PageSizeOf(query.PageSize);
        using Activity? activity = StartActivity(nameof(QueryAsync));
        activity?.SetTag(P21Telemetry.TableTag, query.Name);
        long skip = 0;
        while (true)
        {
            Uri uri = ODataUri.Collection(BaseUrl, query.Surface, query.Name, query.Filter, query.Select, query.OrderBy, pageSize, skip);
            List<P21Row> rows = await ReadPageAsync(uri, nameof(QueryAsync), activity, cancellationToken).ConfigureAwait(false);
            foreach (P21Row row in rows)
            {
                yield return row;
            }

            if (rows.Count < pageSize)
            {
                yield break;
            }

            skip += rows.Count;
        }
    }

    /// <summary>
    /// Reads changed rows in keyset pages ordered by (modified column, key columns…), or by the key columns alone
    /// (<see cref="ChangeQuery.Order"/>), starting strictly after <see cref="ChangeQuery.After"/> (or at
    /// <see cref="ChangeQuery.Since"/>, inclusive, or at the beginning).
    /// Each page's <see cref="P21Page.Last"/> resumes the read; empty pages are not yielded.
    /// </summary>
    /// <remarks>
    /// Unlike offset paging, rows inserted or updated during the read neither shift nor repeat a page. Timestamps
    /// are compared in server-local time (<see cref="ServerUtcOffset"/>); positions are kept in UTC.
    /// </remarks>
    /// <exception cref="ArgumentException">No key columns, or <see cref="ChangeQuery.After"/> does not match them.</exception>
    /// <exception cref="P21RequestFailedException">P21 failed, or a row lacks the modified timestamp.</exception>
    public virtual async IAsyncEnumerable<P21Page> ReadChangedPagesAsync(ChangeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Name);
        if (query.KeyColumns is not { Count: > 0 })
        {
            throw new ArgumentException($"ReadChangedPagesAsync on '{query.Name}' needs KeyColumns that make rows unique (e.g. customer_id).", nameof(query));
        }

        int pageSize = PageSizeOf(query.PageSize);
        IReadOnlyList<string> orderBy = KeysetFilter.OrderBy(query.Order, query.ModifiedColumn, query.KeyColumns);
        IReadOnlyList<string>? select = query.Select is null
            ? null
            : [.. query.Select.Concat(KeysetFilter.OrderBy(query.ModifiedColumn, query.KeyColumns)).Distinct(StringComparer.OrdinalIgnoreCase)];

        using Activity? activity = StartActivity(nameof(ReadChangedPagesAsync));
        activity?.SetTag(P21Telemetry.TableTag, query.Name);
        KeysetPosition? after = query.After;
        while (true)
        {
            string? predicate = query.Order == PageOrder.Key
                ? KeysetFilter.KeyAfter(query.ModifiedColumn, query.KeyColumns, after, query.Since, ServerUtcOffset)
                : KeysetFilter.After(query.ModifiedColumn, query.KeyColumns, after, query.Since, ServerUtcOffset);
            string? filter = KeysetFilter.Combine(query.Filter, predicate);
            if (query.Order == PageOrder.Key && query.Through is { } through)
            {
                filter = KeysetFilter.Combine(filter, KeysetFilter.KeyThrough(query.KeyColumns, through));
            }

            Uri uri = ODataUri.Collection(BaseUrl, query.Surface, query.Name, filter, select, orderBy, pageSize);
            List<P21Row> rows = await ReadPageAsync(uri, nameof(ReadChangedPagesAsync), activity, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                yield break;
            }

            KeysetPosition last = PositionOf(rows[^1], query);
            yield return new P21Page(rows, last);
            if (rows.Count < pageSize)
            {
                yield break;
            }

            after = last;
        }
    }

    /// <summary>
    /// The position of the newest row of the query's table (highest modified time, then highest key) within its
    /// <see cref="ChangeQuery.Filter"/>, or null when it has no rows: where a change feed begun now would start. One
    /// request (<c>$top=1</c>, newest first, key and modified columns only).
    /// </summary>
    /// <exception cref="ArgumentException">No key columns.</exception>
    /// <exception cref="P21RequestFailedException">P21 failed, or the row lacks the modified timestamp.</exception>
    public virtual async Task<KeysetPosition?> ReadNewestPositionAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Name);
        if (query.KeyColumns is not { Count: > 0 })
        {
            throw new ArgumentException($"ReadNewestPositionAsync on '{query.Name}' needs KeyColumns that make rows unique (e.g. customer_id).", nameof(query));
        }

        using Activity? activity = StartActivity(nameof(ReadNewestPositionAsync));
        activity?.SetTag(P21Telemetry.TableTag, query.Name);
        Uri uri = ODataUri.Collection(BaseUrl, query.Surface, query.Name, query.Filter, KeysetFilter.OrderBy(query.ModifiedColumn, query.KeyColumns),
            KeysetFilter.NewestFirst(query.ModifiedColumn, query.KeyColumns), top: 1);
        List<P21Row> rows = await ReadPageAsync(uri, nameof(ReadNewestPositionAsync), activity, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : PositionOf(rows[0], query);
    }

    /// <summary>
    /// Whether any row of <paramref name="name"/> has <paramref name="modifiedColumn"/> at or after
    /// <paramref name="since"/> (inclusive, <c>ge</c>, in server-local time like every keyset read). One request:
    /// <c>$select</c> of that column, <c>$top=1</c>, no order (any row answers the question).
    /// </summary>
    /// <exception cref="P21RequestFailedException">P21 failed; a 404 (<see cref="P21NotFoundException"/>) or 400 when the view or column does not exist.</exception>
    public virtual async Task<bool> AnyModifiedSinceAsync(string name, string modifiedColumn, DateTimeOffset since, ODataSurface surface = ODataSurface.View,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(modifiedColumn);
        using Activity? activity = StartActivity(nameof(AnyModifiedSinceAsync));
        activity?.SetTag(P21Telemetry.TableTag, name);
        Uri uri = ODataUri.Collection(BaseUrl, surface, name, KeysetFilter.Since(modifiedColumn, since, ServerUtcOffset), [modifiedColumn], top: 1);
        List<P21Row> rows = await ReadPageAsync(uri, nameof(AnyModifiedSinceAsync), activity, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0;
    }

    /// <summary>
    /// Splits a key-ordered read (<see cref="PageOrder.Key"/>, its <see cref="ChangeQuery.Filter"/> and
    /// <see cref="ChangeQuery.Since"/>) into at most <paramref name="parts"/> ranges of about equal row counts: the key of
    /// the last row of each range but the last, ascending, distinct. One count and one <c>$skip</c> read of one row per
    /// bound (P21 has no cheaper way to sample keys; the server pays the skip once per backfill). Empty when the read
    /// has fewer rows than parts or <paramref name="parts"/> is 1. Also the requests it made.
    /// </summary>
    /// <exception cref="P21RequestFailedException">P21 failed.</exception>
    public virtual async Task<(IReadOnlyList<KeysetPosition> Bounds, int Requests)> ReadKeyBoundsAsync(ChangeQuery query, int parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (query.KeyColumns is not { Count: > 0 })
        {
            throw new ArgumentException($"ReadKeyBoundsAsync on '{query.Name}' needs KeyColumns that make rows unique.", nameof(query));
        }

        string? filter = KeysetFilter.Combine(query.Filter, KeysetFilter.KeyAfter(query.ModifiedColumn, query.KeyColumns, null, query.Since, ServerUtcOffset));
        long count = parts > 1 ? await CountAsync(query.Name, filter, cancellationToken).ConfigureAwait(false) : 0;
        var bounds = new List<KeysetPosition>();
        if (count < parts)
        {
            return (bounds, parts > 1 ? 1 : 0);
        }

        using Activity? activity = StartActivity(nameof(ReadKeyBoundsAsync));
        activity?.SetTag(P21Telemetry.TableTag, query.Name);
        // The bound reads are independent, so they go at once (within the connection's read slots): the split costs
        // two round trips before the walk, not one per range.
        List<P21Row>[] reads = await Task.WhenAll(Enumerable.Range(1, parts - 1).Select(i =>
        {
            // The row just before the i-th part starts: the inclusive end of part i.
            long skip = (count * i / parts) - 1;
            Uri uri = ODataUri.Collection(BaseUrl, query.Surface, query.Name, filter, KeysetFilter.OrderBy(query.ModifiedColumn, query.KeyColumns), query.KeyColumns, top: 1, skip: skip);
            return ReadPageAsync(uri, nameof(ReadKeyBoundsAsync), activity, cancellationToken);
        })).ConfigureAwait(false);
        foreach (List<P21Row> rows in reads)
        {
            if (rows.Count == 1 && PositionOf(rows[0], query) is { } bound && (bounds.Count == 0 || !bounds[^1].Key.SequenceEqual(bound.Key)))
            {
                bounds.Add(bound);
            }
        }

        return (bounds, parts);
    }

    /// <summary>Counts rows of a table (<c>$count=true</c>), optionally filtered.</summary>
    /// <exception cref="P21RequestFailedException">P21 failed or sent no <c>@odata.count</c>.</exception>
    public virtual async Task<long> CountAsync(string table, string? filter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        using Activity? activity = StartActivity(nameof(CountAsync));
        activity?.SetTag(P21Telemetry.TableTag, table);
        try
        {
            Uri uri = ODataUri.Collection(BaseUrl, ODataSurface.Table, table, filter, top: 0, count: true);
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(CountAsync), cancellationToken).ConfigureAwait(false);
            ODataPage page = await ReadODataAsync(response, nameof(CountAsync), cancellationToken).ConfigureAwait(false);
            return page.Count ?? throw new P21RequestFailedException(
                $"P21 CountAsync on connection '{ConnectionName}' answered without @odata.count.",
                (int)response.StatusCode,
                isTransient: false,
                hint: "the OData service ignored $count=true; count by paging instead");
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(CountAsync), ex);
            throw;
        }
    }

    /// <summary>Reads the JSON CSDL schema of the table or view surface (about 4 MB on a real P21).</summary>
    /// <exception cref="P21RequestFailedException">P21 failed.</exception>
    public virtual async Task<JsonDocument> GetMetadataAsync(ODataSurface surface, CancellationToken cancellationToken = default)
    {
        using Activity? activity = StartActivity(nameof(GetMetadataAsync));
        try
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, ODataUri.Metadata(BaseUrl, surface), null, P21RequestKind.Read, nameof(GetMetadataAsync), cancellationToken).ConfigureAwait(false);
            return await ReadJsonDocumentAsync(response, nameof(GetMetadataAsync), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetMetadataAsync), ex);
            throw;
        }
    }

    private int PageSizeOf(int? requested)
    {
        int size = requested ?? _options.PageSize;
        return size is >= 1 and <= 25_000
            ? size
            : throw new ArgumentOutOfRangeException(nameof(requested), size, "PageSize must be between 1 and 25000.");
    }

    private KeysetPosition PositionOf(P21Row row, ChangeQuery query)
    {
        if (!row.TryGetDateTimeOffset(query.ModifiedColumn, out DateTimeOffset modified))
        {
            throw new P21RequestFailedException(
                $"A row of '{query.Name}' on connection '{ConnectionName}' has no usable {query.ModifiedColumn}; keyset paging cannot continue past it.",
                200,
                isTransient: false,
                responseBody: Truncate(row.ToString()),
                hint: $"filter out rows whose {query.ModifiedColumn} is null, or choose another ModifiedColumn");
        }

        var key = new string[query.KeyColumns.Count];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = row.TryGetProperty(query.KeyColumns[i], out JsonElement value)
                ? ODataLiterals.FromJson(value)
                : throw new P21RequestFailedException(
                    $"A row of '{query.Name}' on connection '{ConnectionName}' lacks key column '{query.KeyColumns[i]}'.",
                    200,
                    isTransient: false,
                    hint: "check KeyColumns against the table's columns (probe with $top=1)");
        }

        return new KeysetPosition(modified.ToUniversalTime(), key);
    }

    private async IAsyncEnumerable<P21Row> ReadRowsAsync(Uri uri, string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (P21Row row in await ReadPageAsync(uri, operation, null, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private async Task<List<P21Row>> ReadPageAsync(Uri uri, string operation, Activity? activity, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, operation, cancellationToken).ConfigureAwait(false);
            if (await ReadRowsOfPageAsync(response, operation, cancellationToken).ConfigureAwait(false) is not { } rows)
            {
                throw new P21RequestFailedException(
                    $"P21 {operation} on connection '{ConnectionName}' answered without a 'value' array.",
                    (int)response.StatusCode,
                    isTransient: false,
                    hint: "not an OData collection response; check the table/view name and surface");
            }

            return rows;
        }
        catch (Exception ex)
        {
            Fail(activity, operation, ex);
            throw;
        }
    }

    // Rows are parsed straight out of the body, each into a small document of its own: one document for the whole page
    // would be a large-object-heap allocation per page (and a full GC every few pages once the heap is big), and a
    // serializer pass over a list of elements parses every row twice. Case-insensitive on "value", like the serializer
    // options, in case a proxy rewrites the casing.
    private async Task<List<P21Row>?> ReadRowsOfPageAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[]? rented = null;
            try
            {
                ReadOnlyMemory<byte> body;
                if (stream is MemoryStream memory && memory.TryGetBuffer(out ArraySegment<byte> buffered))
                {
                    body = buffered.AsMemory((int)memory.Position);
                }
                else
                {
                    (rented, int length) = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
                    body = rented.AsMemory(0, length);
                }

                return RowsOf(body.Span, ServerUtcOffset);
            }
            catch (JsonException ex)
            {
                throw NotJson(response, operation, ex);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    // The rows of the top-level "value" array, or null when the body is not an object with one.
    private static List<P21Row>? RowsOf(ReadOnlySpan<byte> body, TimeSpan serverUtcOffset)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isValue = reader.ValueTextEquals("value"u8) || string.Equals(reader.GetString(), "value", StringComparison.OrdinalIgnoreCase);
            reader.Read();
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var rows = new List<P21Row>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                rows.Add(P21Row.OfPage(JsonElement.ParseValue(ref reader), serverUtcOffset));
            }

            return rows;
        }

        return null;
    }

    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        int length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async Task<ODataPage> ReadODataAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, P21JsonContext.Default.ODataPage, cancellationToken).ConfigureAwait(false)
                    ?? new ODataPage();
            }
            catch (JsonException ex)
            {
                throw NotJson(response, operation, ex);
            }
        }
    }

    private async Task<JsonDocument> ReadJsonDocumentAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw NotJson(response, operation, ex);
            }
        }
    }

    private P21RequestFailedException NotJson(HttpResponseMessage response, string operation, JsonException ex)
    {
        return new P21RequestFailedException(
            $"P21 {operation} on connection '{ConnectionName}' answered HTTP {(int)response.StatusCode} with a body that is not the expected JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): {ex.Message}",
            (int)response.StatusCode,
            isTransient: false,
            hint: "missing Accept: application/json, or a proxy/login page in front of P21?",
            innerException: ex);
    }
}
