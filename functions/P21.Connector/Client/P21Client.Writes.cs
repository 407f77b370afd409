using System.Diagnostics;
using System.Net;
using System.Text.Json;

using P21.Connector.Client.Http;
using P21.Connector.Client.Models;

namespace P21.Connector.Client;

public partial class P21Client
{
    /// <summary>
    /// Posts a Transaction API set to <c>{uiServer}/api/v2/transaction</c>. Not retried on failure (writes are not
    /// idempotent; the writer owns retries). A passed transaction's result rows carry the generated keys
    /// (<see cref="TransactionResult.FindValue"/>).
    /// </summary>
    /// <exception cref="P21TransactionRejectedException">P21 answered 200 with one or more failed transactions; carries P21's messages.</exception>
    /// <exception cref="P21RequestFailedException">HTTP failure, an empty 500, or a body that is not a transaction result.</exception>
    public virtual async Task<TransactionResult> SubmitTransactionAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name);
        using Activity? activity = StartActivity(nameof(SubmitTransactionAsync));
        activity?.SetTag("p21.service", request.Name);
        try
        {
            Uri uri = P21Uris.Combine(await GetUiServerAsync(cancellationToken).ConfigureAwait(false), "api/v2/transaction");
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, P21JsonContext.Default.TransactionRequest);
            using HttpResponseMessage response = await SendAsync(HttpMethod.Post, uri, body, P21RequestKind.Write, nameof(SubmitTransactionAsync), cancellationToken).ConfigureAwait(false);
            TransactionResult result = await ReadAsync(response, P21JsonContext.Default.TransactionResult, nameof(SubmitTransactionAsync), cancellationToken).ConfigureAwait(false);
            bool anyFailed = (result.Summary?.Failed ?? 0) > 0
                || result.Results?.Transactions?.Any(t => string.Equals(t.Status, "Failed", StringComparison.OrdinalIgnoreCase)) == true
                || (result.Summary is null && result.Results is null);
            if (anyFailed)
            {
                throw new P21TransactionRejectedException(request.Name, result);
            }

            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(SubmitTransactionAsync), ex);
            throw;
        }
    }

    /// <summary>
    /// Reads complete records by key: <c>POST {uiServer}/api/v2/transaction/get</c> (idempotent, retried). P21 answers
    /// <c>Transactions</c> at the top level; the write envelope (<c>Results.Transactions</c>) is read too
    /// (<see cref="TransactionGetResult.Records"/>).
    /// </summary>
    /// <exception cref="P21RequestFailedException">P21 failed, or the body is not a transaction read.</exception>
    public virtual async Task<TransactionGetResult> GetTransactionAsync(TransactionGetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using Activity? activity = StartActivity(nameof(GetTransactionAsync));
        try
        {
            Uri uri = P21Uris.Combine(await GetUiServerAsync(cancellationToken).ConfigureAwait(false), "api/v2/transaction/get");
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, P21JsonContext.Default.TransactionGetRequest);
            using HttpResponseMessage response = await SendAsync(HttpMethod.Post, uri, body, P21RequestKind.Read, nameof(GetTransactionAsync), cancellationToken).ConfigureAwait(false);
            return await ReadAsync(response, P21JsonContext.Default.TransactionGetResult, nameof(GetTransactionAsync), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetTransactionAsync), ex);
            throw;
        }
    }

    /// <summary>Reads a service's schema and template: <c>GET {uiServer}/api/v2/definition/{service}</c>.</summary>
    /// <exception cref="P21RequestFailedException">P21 failed; an unknown or undeployed service is an (often empty) 500.</exception>
    public virtual async Task<JsonDocument> GetTransactionDefinitionAsync(string service, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        using Activity? activity = StartActivity(nameof(GetTransactionDefinitionAsync));
        try
        {
            Uri uri = P21Uris.Combine(await GetUiServerAsync(cancellationToken).ConfigureAwait(false), "api/v2/definition/" + Uri.EscapeDataString(service));
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(GetTransactionDefinitionAsync), cancellationToken).ConfigureAwait(false);
            return await ReadJsonDocumentAsync(response, nameof(GetTransactionDefinitionAsync), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetTransactionDefinitionAsync), ex);
            throw;
        }
    }

    /// <summary>
    /// Posts a balanced GL journal entry to <c>/api/accounting/gl/</c>; P21 assigns one transaction number to all
    /// lines. Not retried.
    /// </summary>
    /// <exception cref="ArgumentException">No lines.</exception>
    /// <exception cref="P21RequestFailedException">
    /// P21 refused it; an unbalanced entry is P21's HTTP 500 <c>BusinessException</c> "Records do not balance", reported as not transient.
    /// </exception>
    public virtual async Task<GlPostResult> PostJournalAsync(IReadOnlyList<GlLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new ArgumentException("A journal entry needs at least two balanced lines.", nameof(lines));
        }

        using Activity? activity = StartActivity(nameof(PostJournalAsync));
        try
        {
            Uri uri = P21Uris.Combine(BaseUrl, "api/accounting/gl/");
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(lines, P21JsonContext.Default.IReadOnlyListGlLine);
            using HttpResponseMessage response = await SendAsync(HttpMethod.Post, uri, body, P21RequestKind.Write, nameof(PostJournalAsync), cancellationToken).ConfigureAwait(false);
            using JsonDocument document = await ReadJsonDocumentAsync(response, nameof(PostJournalAsync), cancellationToken).ConfigureAwait(false);
            List<GlLine> stored = ReadGlLines(document.RootElement);
            string? number = stored.Select(l => l.TransactionNumber).FirstOrDefault(n => !string.IsNullOrEmpty(n))
                ?? ReadString(document.RootElement, "TransactionNumber");
            if (number is null)
            {
                throw new P21RequestFailedException(
                    $"P21 PostJournalAsync on connection '{ConnectionName}' answered {(int)response.StatusCode} without a TransactionNumber.",
                    (int)response.StatusCode,
                    isTransient: false,
                    hint: "look the entry up in the gl table before posting again; it may have been stored");
            }

            return new GlPostResult(number, stored);
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(PostJournalAsync), ex);
            throw;
        }
    }

    /// <summary>Reads a journal entry's lines: <c>GET /api/accounting/gl/{transactionNumber}</c>; empty when unknown.</summary>
    /// <exception cref="P21RequestFailedException">P21 failed.</exception>
    public virtual async Task<IReadOnlyList<GlLine>> GetJournalAsync(string transactionNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionNumber);
        using Activity? activity = StartActivity(nameof(GetJournalAsync));
        try
        {
            Uri uri = P21Uris.Combine(BaseUrl, "api/accounting/gl/" + Uri.EscapeDataString(transactionNumber));
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(GetJournalAsync), cancellationToken, allowNotFound: true).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return [];
            }

            using JsonDocument document = await ReadJsonDocumentAsync(response, nameof(GetJournalAsync), cancellationToken).ConfigureAwait(false);
            return ReadGlLines(document.RootElement);
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetJournalAsync), ex);
            throw;
        }
    }

    /// <summary>Reads a sales order through the REST family (<c>GET /api/sales/orders/{orderNo}</c>); null when P21 has no such order.</summary>
    /// <exception cref="P21RequestFailedException">P21 failed.</exception>
    public virtual async Task<JsonDocument?> GetSalesOrderAsync(string orderNo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderNo);
        using Activity? activity = StartActivity(nameof(GetSalesOrderAsync));
        try
        {
            Uri uri = P21Uris.Combine(BaseUrl, "api/sales/orders/" + Uri.EscapeDataString(orderNo));
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(GetSalesOrderAsync), cancellationToken, allowNotFound: true).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            JsonDocument document = await ReadJsonDocumentAsync(response, nameof(GetSalesOrderAsync), cancellationToken).ConfigureAwait(false);
            if (ReadString(document.RootElement, "ErrorType")?.Contains("NotFound", StringComparison.OrdinalIgnoreCase) == true)
            {
                document.Dispose();
                return null;
            }

            return document;
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetSalesOrderAsync), ex);
            throw;
        }
    }

    private static List<GlLine> ReadGlLines(JsonElement root)
    {
        JsonElement array = root.ValueKind == JsonValueKind.Array
            ? root
            : root.ValueKind == JsonValueKind.Object && TryGetIgnoreCase(root, "Lines", out JsonElement lines) && lines.ValueKind == JsonValueKind.Array
                ? lines
                : default;
        return array.ValueKind == JsonValueKind.Array
            ? array.Deserialize(P21JsonContext.Default.ListGlLine) ?? []
            : [];
    }

    private static string? ReadString(JsonElement root, string name)
    {
        return root.ValueKind == JsonValueKind.Object && TryGetIgnoreCase(root, name, out JsonElement value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
    }

    private static bool TryGetIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string operation, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw NotJson(response, operation, new JsonException("The body was JSON null."));
            }
            catch (JsonException ex)
            {
                throw NotJson(response, operation, ex);
            }
        }
    }
}
