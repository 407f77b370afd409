using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Intake.Sources;

/// <summary>
/// BigCommerce <c>store/order/created</c> webhooks. The body carries only <c>data.id</c>, so the order, its products
/// and its shipping addresses are read from the V2 Orders API with the store token. A 404 answers 422 (the sender
/// should stop retrying); 5xx, 429, a refused token or a timeout answers 503 so BigCommerce retries later.
/// </summary>
internal sealed class BigCommerceSource(IntakeOptions options, WebhookSecrets secrets, IHttpClientFactory httpClients) : IIntakeSource
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the BigCommerce API.</summary>
    public const string HttpClientName = "bigcommerce";

    private static readonly HashSet<string> OrderScopes = new(StringComparer.OrdinalIgnoreCase)
    {
        "store/order/created", "store/order/updated", "store/order/statusUpdated",
    };

    public string Name => "bigcommerce";

    public bool Accepts(IntakeKind kind) => kind == IntakeKind.Orders;

    public ValueTask<SignatureVerdict> VerifyAsync(IntakeRequest request, CancellationToken cancellationToken) =>
        secrets.VerifyAsync(
            Name,
            options.BigCommerce.SecretName,
            secret => BigCommerceSharedSecret.Verify(request, options.BigCommerce.AuthHeaderName, secret),
            cancellationToken);

    public async ValueTask<ParseOutcome> ParseAsync(IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        string orderId;
        string storeHash;
        using (var document = JsonBody.Parse(request.Body, options.MaxJsonDepth))
        {
            var f = new JsonFields(new FieldErrors());
            var root = document.RootElement;
            if (!f.RootObject(root))
            {
                return ParseOutcome.Invalid(f.Errors);
            }

            var scope = f.String(root, "scope", "", required: true);
            // updated and statusUpdated carry the same data.id: an order first delivered unpaid is written when it is paid.
            if (scope is not null && !OrderScopes.Contains(scope))
            {
                f.Errors.Add("scope", $"'{JsonFields.Clip(scope)}' is not accepted here; register store/order/created and store/order/statusUpdated.");
            }

            var data = f.Object(root, "data", "", required: true);
            var id = data is { } d ? f.String(d, "id", "data", required: true, maxLength: 20) : null;
            if (id is not null && !ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                f.Errors.Add("data.id", "must be a positive integer.");
            }

            var producer = f.String(root, "producer", "", required: options.BigCommerce.StoreHash is null);
            var producerHash = producer is not null && producer.StartsWith("stores/", StringComparison.Ordinal) ? producer["stores/".Length..] : null;
            if (producer is not null && producerHash is null)
            {
                f.Errors.Add("producer", "must look like 'stores/{store_hash}'.");
            }

            if (options.BigCommerce.StoreHash is { } configured && producerHash is not null
                && !string.Equals(configured, producerHash, StringComparison.Ordinal))
            {
                f.Errors.Add("producer", "is not the store this connector is configured for.");
            }

            if (f.Errors.Any)
            {
                return ParseOutcome.Invalid(f.Errors);
            }

            orderId = id!;
            storeHash = options.BigCommerce.StoreHash ?? producerHash!;
        }

        var token = await secrets.GetAsync(options.BigCommerce.ApiTokenSecretName, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(token))
        {
            return ParseOutcome.Failed(IntakeProblems.Unavailable("The BigCommerce API token is not configured.", "bigcommerce"));
        }

        var api = new BigCommerceOrdersApi(httpClients.CreateClient(HttpClientName), options.BigCommerce, storeHash, token);
        var order = await api.GetAsync($"orders/{orderId}", cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            var notFound = new FieldErrors();
            notFound.Add("data.id", $"order {orderId} was not found in the store.");
            return ParseOutcome.Failed(IntakeProblems.Invalid($"BigCommerce order {orderId} was not found.", notFound.ToMap()));
        }

        using (order)
        {
            // Every page of both collections is read before anything is parsed: a failure on any page is a 503, never a partial order.
            using var products = await api.GetAllAsync($"orders/{orderId}/products", cancellationToken).ConfigureAwait(false);
            using var addresses = await api.GetAllAsync($"orders/{orderId}/shipping_addresses", cancellationToken).ConfigureAwait(false);
            return Read(order.RootElement, products.RootElement, addresses.RootElement);
        }
    }

    internal static ParseOutcome Read(JsonElement order, JsonElement? products, JsonElement? shippingAddresses)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(order))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(order, "id", "order", required: true);
        var created = f.Date(order, "date_created", "order", required: true);
        var currency = f.String(order, "currency_code", "order", required: true, maxLength: 3);
        var customerId = f.String(order, "customer_id", "order", false);
        if (customerId == "0")
        {
            customerId = null; // a guest checkout
        }

        var billing = f.Object(order, "billing_address", "order", required: false) is { } b
            ? ReadAddressObject(f, b, "order.billing_address")
            : null;
        var lines = new List<OrderLine>();
        var items = products is { ValueKind: JsonValueKind.Array } p ? p.EnumerateArray().ToList() : [];
        if (items.Count == 0)
        {
            f.Errors.Add("products", "the order has no products.");
        }

        foreach ((var path, var item) in f.Objects(items, "products"))
        {
            var sku = f.Sku(item, "sku", path);
            var quantity = f.LineQuantity(item, "quantity", path);
            var refunded = f.Decimal(item, "quantity_refunded", path, false) ?? 0m;
            var price = f.Decimal(item, "price_ex_tax", path, required: true);
            var discount = f.SumOf(item, "applied_discounts", "amount", path);
            var kind = string.Equals(f.String(item, "type", path, false), "giftcertificate", StringComparison.OrdinalIgnoreCase)
                ? OrderLineKind.GiftCard
                : OrderLineKind.Product;
            if (quantity is not null && price is not null)
            {
                // A refunded quantity is no longer sold: the writer skips a line refunded in full.
                var sold = Math.Max(0, quantity.Value - refunded);
                lines.Add(new OrderLine(
                    sku, sold, price.Value, f.String(item, "name", path, false),
                    sold == quantity.Value ? f.Decimal(item, "total_ex_tax", path, false) : null, f.String(item, "id", path, false),
                    LineAmounts.ForUnitsLeft(discount is 0 ? null : discount, sold, quantity), LineAmounts.ForUnitsLeft(f.Decimal(item, "total_tax", path, false), sold, quantity), kind));
            }
        }

        var shipTos = new List<PostalAddress>();
        string? shipMethod = null;
        var addresses = shippingAddresses is { ValueKind: JsonValueKind.Array } s ? s.EnumerateArray().ToList() : [];
        for (var i = 0; i < addresses.Count; i++)
        {
            if (ReadAddressObject(f, addresses[i], JsonFields.Index("shipping_addresses", i)) is { } address)
            {
                shipTos.Add(address);
                shipMethod ??= f.String(addresses[i], "shipping_method", JsonFields.Index("shipping_addresses", i), false);
            }
        }

        var notes = f.String(order, "customer_message", "order", false, maxLength: 4000);
        if (shipTos.Count > 1)
        {
            // P21 orders have one ship-to; keep the fact visible to the order taker rather than drop it.
            notes = $"{notes} [BigCommerce order has {shipTos.Count} shipping addresses; shipped to the first.]".Trim();
        }

        var charges = new List<OrderCharge>();
        AddCharge(f, order, charges, ChargeKind.Freight, "shipping_cost_ex_tax", shipMethod);
        AddCharge(f, order, charges, ChargeKind.Handling, "handling_cost_ex_tax", "Handling");
        AddCharge(f, order, charges, ChargeKind.GiftWrap, "wrapping_cost_ex_tax", "Gift wrapping");

        var totals = new OrderTotals(
            f.Decimal(order, "subtotal_ex_tax", "order", false),
            f.Decimal(order, "shipping_cost_ex_tax", "order", false),
            f.Decimal(order, "total_tax", "order", false),
            f.Decimal(order, "discount_amount", "order", false),
            f.Decimal(order, "total_inc_tax", "order", false));
        var standing = Standing(f, order);
        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var payload = new SalesOrderCreate(
            id!,
            created!.Value,
            null,
            new OrderCustomer(billing?.Email, billing?.Name, billing?.Phone, customerId, billing?.Company),
            billing,
            shipTos.Count > 0 ? shipTos[0] : billing,
            lines,
            currency!.ToUpperInvariant(),
            notes,
            totals,
            PurchaseOrderNumber: id,
            Charges: charges,
            Standing: standing,
            ShipMethod: shipMethod);
        return ParseOutcome.Parsed(payload, id!);
    }

    private static void AddCharge(JsonFields f, JsonElement order, List<OrderCharge> charges, ChargeKind kind, string field, string? description)
    {
        if (f.Decimal(order, field, "order", false) is { } amount && amount != 0)
        {
            charges.Add(new OrderCharge(kind, amount, description));
        }
    }

    // status_id of the V2 Orders API: 0 Incomplete, 1 Pending, 2 Shipped, 3 Partially Shipped, 4 Refunded, 5 Cancelled,
    // 6 Declined, 7 Awaiting Payment, 8 Awaiting Pickup, 9 Awaiting Shipment, 10 Completed, 11 Awaiting Fulfillment,
    // 12 Manual Verification Required, 13 Disputed, 14 Partially Refunded.
    private static OrderStanding Standing(JsonFields f, JsonElement order)
    {
        var statusText = f.String(order, "status", "order", false);
        var statusId = f.Decimal(order, "status_id", "order", false) is { } n ? (int)n : -1;
        var payment = statusId switch
        {
            2 or 3 or 8 or 9 or 10 or 11 or 14 => PaymentState.Paid,
            0 or 1 or 7 or 12 or 13 => PaymentState.Pending,
            4 or 6 => PaymentState.Failed,
            _ => PaymentState.Unknown,
        };
        return new OrderStanding(statusText ?? (statusId >= 0 ? $"status_id {statusId}" : null), payment, Cancelled: statusId is 4 or 5 or 6);
    }

    private static PostalAddress? ReadAddressObject(JsonFields f, JsonElement a, string path)
    {
        if (a.ValueKind != JsonValueKind.Object)
        {
            f.Errors.Add(path, "must be an object.");
            return null;
        }

        return new PostalAddress(
            ShopifySource.FullName(f.String(a, "first_name", path, false), f.String(a, "last_name", path, false)),
            f.String(a, "company", path, false),
            f.String(a, "street_1", path, false),
            f.String(a, "street_2", path, false),
            null,
            f.String(a, "city", path, false),
            f.String(a, "state", path, false),
            f.String(a, "zip", path, false),
            f.String(a, "country_iso2", path, false) ?? f.String(a, "country", path, false),
            f.String(a, "phone", path, false),
            f.String(a, "email", path, false));
    }
}

/// <summary>
/// Reads V2 order resources; maps transport failures to intake problems (404 → null, the rest → 503). V2 answers a
/// collection at most <c>limit</c> rows at a time (default 50, at most 250), so collections are read page by page:
/// one unpaged read turned a 60-line order into 50 P21 lines without a word.
/// </summary>
internal sealed class BigCommerceOrdersApi(HttpClient http, BigCommerceIntakeOptions options, string storeHash, string token)
{
    /// <summary>Rows asked for per page: the V2 maximum (a larger <c>limit</c> is not honoured).</summary>
    internal const int PageSize = 250;

    /// <summary>Pages read per collection at most (10 000 rows); a store that keeps answering full pages is refused.</summary>
    internal const int MaxPages = 40;

    private const int MaxResponseBytes = 8 * 1024 * 1024;

    // All pages of one collection are held at once (the order is parsed from their union), so they share a budget too.
    private const int MaxCollectionBytes = 32 * 1024 * 1024;

    /// <summary>GETs <c>/stores/{hash}/v2/{relative}</c> (one resource); null when 404.</summary>
    public async Task<JsonDocument?> GetAsync(string relative, CancellationToken cancellationToken)
    {
        var page = await SendAsync(relative, relative, cancellationToken).ConfigureAwait(false);
        return page.Status == HttpStatusCode.NotFound ? null : page.Body ?? throw Unavailable($"BigCommerce answered {relative} with no body.");
    }

    /// <summary>
    /// GETs every page of the collection <c>/stores/{hash}/v2/{relative}</c> (<c>?limit=250&amp;page=N</c>, N from 1)
    /// until a page holds fewer than <see cref="PageSize"/> rows or is empty (204), and returns one array of all rows.
    /// A 404 on page 1 is an empty collection; any failure on a later page fails the whole read (503), never a part.
    /// </summary>
    public async Task<JsonDocument> GetAllAsync(string relative, CancellationToken cancellationToken)
    {
        var pages = new List<JsonDocument>();
        try
        {
            var seen = new HashSet<long>();
            long bytes = 0;
            for (var number = 1; number <= MaxPages; number++)
            {
                var what = number == 1 ? relative : $"{relative} (page {number.ToString(CultureInfo.InvariantCulture)})";
                var page = await SendAsync(
                    $"{relative}?limit={PageSize.ToString(CultureInfo.InvariantCulture)}&page={number.ToString(CultureInfo.InvariantCulture)}",
                    what,
                    cancellationToken).ConfigureAwait(false);
                if (page.Status == HttpStatusCode.NotFound && number > 1)
                {
                    // Page 1 was there, so the order went away (or changed) while it was read; a retry reads it afresh.
                    throw Unavailable($"BigCommerce answered 404 for {what} after answering page 1; the order changed while it was read.");
                }

                if (page.Body is not { } body)
                {
                    break; // 204 (no rows on this page) or 404 on page 1 (no such collection)
                }

                pages.Add(body);
                if (body.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw Unavailable($"BigCommerce answered {what} with something other than a JSON array.");
                }

                bytes += page.Bytes;
                if (bytes > MaxCollectionBytes)
                {
                    throw Unavailable($"BigCommerce answered {relative} with more than {MaxCollectionBytes} bytes in all.");
                }

                foreach (var row in body.RootElement.EnumerateArray())
                {
                    // Rows come sorted by id; one seen twice means the order changed between pages (a line would double).
                    if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("id", out var id)
                        && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) && !seen.Add(value))
                    {
                        throw Unavailable($"BigCommerce answered row id {value.ToString(CultureInfo.InvariantCulture)} twice while reading {relative}; the order changed while it was read.");
                    }
                }

                if (body.RootElement.GetArrayLength() < PageSize)
                {
                    return Combine(pages);
                }

                if (number == MaxPages)
                {
                    throw Unavailable(
                        $"BigCommerce answered {MaxPages} full pages of {PageSize} rows for {relative}; the connector reads at most "
                        + $"{MaxPages * PageSize} rows per order collection, so the order was refused rather than read in part.");
                }
            }

            return Combine(pages);
        }
        finally
        {
            foreach (var page in pages)
            {
                page.Dispose();
            }
        }
    }

    /// <summary>One array of the rows of every page; the pages left in <paramref name="pages"/> stay the caller's to dispose.</summary>
    private static JsonDocument Combine(List<JsonDocument> pages)
    {
        if (pages.Count == 1)
        {
            // The usual case: one page is already the array; hand it over instead of copying it.
            var only = pages[0];
            pages.Clear();
            return only;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var page in pages)
            {
                foreach (var row in page.RootElement.EnumerateArray())
                {
                    row.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        return JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 32 });
    }

    /// <summary>One GET; <see cref="Page.Body"/> is null for 404 and 204. Every other failure throws a 503 rejection.</summary>
    private async Task<Page> SendAsync(string relativeWithQuery, string what, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{options.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/stores/{Uri.EscapeDataString(storeHash)}/v2/{relativeWithQuery}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Add("X-Auth-Token", token);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NoContent)
            {
                return new Page(response.StatusCode, null, 0);
            }

            if (!response.IsSuccessStatusCode)
            {
                var reason = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? "refused the store API token (check bigcommerce-api-token and its scopes)"
                    : $"answered {(int)response.StatusCode}";
                throw Unavailable($"BigCommerce {reason} for {what}.");
            }

            var body = await ReadBoundedAsync(response.Content, what, timeout.Token).ConfigureAwait(false);
            return new Page(response.StatusCode, JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 }), body.Length);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable($"BigCommerce did not answer {what} within {options.RequestTimeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable($"BigCommerce could not be reached for {what} ({ex.HttpRequestError}).");
        }
        catch (JsonException)
        {
            throw Unavailable($"BigCommerce answered {what} with malformed JSON.");
        }
    }

    /// <summary>The body, refused past <see cref="MaxResponseBytes"/> even when no Content-Length announced it (chunked).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw Unavailable($"BigCommerce answered a {what} larger than {MaxResponseBytes} bytes.");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            int read;
            while ((read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Advance(read);
                if (buffer.WrittenCount > MaxResponseBytes)
                {
                    throw Unavailable($"BigCommerce answered a {what} larger than {MaxResponseBytes} bytes.");
                }
            }

            return buffer.WrittenMemory;
        }
    }

    private static IntakeRejectedException Unavailable(string detail) =>
        new(IntakeProblems.Unavailable(detail, "bigcommerce"));

    private readonly record struct Page(HttpStatusCode Status, JsonDocument? Body, int Bytes);
}
