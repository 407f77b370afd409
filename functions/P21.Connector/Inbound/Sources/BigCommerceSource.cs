using System.Globalization;
using System.Net;
using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Inbound.Signatures;

namespace P21.Connector.Inbound.Sources;

/// <summary>
/// BigCommerce <c>store/order/created</c> webhooks. The body carries only <c>data.id</c>, so the order, its products
/// and its shipping addresses are read from the V2 Orders API with the store token. A 404 answers 422 (the sender
/// should stop retrying); 5xx, 429, a refused token or a timeout answers 503 so BigCommerce retries later.
/// </summary>
internal sealed class BigCommerceSource(IntakeOptions options, WebhookSecrets secrets, IHttpClientFactory httpClients) : IIntakeSource
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the BigCommerce API.</summary>
    public const string HttpClientName = "bigcommerce";

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
            if (scope is not null && !string.Equals(scope, "store/order/created", StringComparison.OrdinalIgnoreCase))
            {
                f.Errors.Add("scope", $"'{JsonFields.Clip(scope)}' is not accepted here; register store/order/created.");
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
        var order = await api.GetAsync($"orders/{orderId}", isCollection: false, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            var notFound = new FieldErrors();
            notFound.Add("data.id", $"order {orderId} was not found in the store.");
            return ParseOutcome.Failed(IntakeProblems.Invalid($"BigCommerce order {orderId} was not found.", notFound.ToMap()));
        }

        using (order)
        {
            using var products = await api.GetAsync($"orders/{orderId}/products", isCollection: true, cancellationToken).ConfigureAwait(false);
            using var addresses = await api.GetAsync($"orders/{orderId}/shipping_addresses", isCollection: true, cancellationToken).ConfigureAwait(false);
            return Read(order.RootElement, products?.RootElement, addresses?.RootElement);
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
            var sku = f.String(item, "sku", path, required: true, maxLength: 100);
            var quantity = f.Quantity(item, "quantity", path);
            var price = f.Decimal(item, "price_ex_tax", path, required: true);
            if (sku is not null && quantity is not null && price is not null)
            {
                lines.Add(new OrderLine(
                    sku, quantity.Value, price.Value, f.String(item, "name", path, false),
                    f.Decimal(item, "total_ex_tax", path, false), f.String(item, "id", path, false)));
            }
        }

        var shipTos = new List<PostalAddress>();
        var addresses = shippingAddresses is { ValueKind: JsonValueKind.Array } s ? s.EnumerateArray().ToList() : [];
        for (var i = 0; i < addresses.Count; i++)
        {
            if (ReadAddressObject(f, addresses[i], JsonFields.Index("shipping_addresses", i)) is { } address)
            {
                shipTos.Add(address);
            }
        }

        var notes = f.String(order, "customer_message", "order", false, maxLength: 4000);
        if (shipTos.Count > 1)
        {
            // P21 orders have one ship-to; keep the fact visible to the order taker rather than drop it.
            notes = $"{notes} [BigCommerce order has {shipTos.Count} shipping addresses; shipped to the first.]".Trim();
        }

        var totals = new OrderTotals(
            f.Decimal(order, "subtotal_ex_tax", "order", false),
            f.Decimal(order, "shipping_cost_ex_tax", "order", false),
            f.Decimal(order, "total_tax", "order", false),
            f.Decimal(order, "discount_amount", "order", false),
            f.Decimal(order, "total_inc_tax", "order", false));
        if (billing?.Email is null && customerId is null)
        {
            f.Errors.Add("order.billing_address.email", "is required for a guest order.");
        }

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
            totals);
        return ParseOutcome.Parsed(payload, id!);
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

/// <summary>Reads V2 order resources; maps transport failures to intake problems (404 → null, the rest → 503).</summary>
internal sealed class BigCommerceOrdersApi(HttpClient http, BigCommerceIntakeOptions options, string storeHash, string token)
{
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    /// <summary>GETs <c>/stores/{hash}/v2/{relative}</c>; null when 404 (or 204, for a collection: an empty array).</summary>
    public async Task<JsonDocument?> GetAsync(string relative, bool isCollection, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{options.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/stores/{Uri.EscapeDataString(storeHash)}/v2/{relative}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Add("X-Auth-Token", token);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NoContent && isCollection)
            {
                return JsonDocument.Parse("[]");
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return isCollection ? JsonDocument.Parse("[]") : null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var reason = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? "refused the store API token (check bigcommerce-api-token and its scopes)"
                    : $"answered {(int)response.StatusCode}";
                throw Unavailable($"BigCommerce {reason} for {relative}.");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw Unavailable($"BigCommerce answered a {relative} larger than {MaxResponseBytes} bytes.");
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 32 }, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable($"BigCommerce did not answer {relative} within {options.RequestTimeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable($"BigCommerce could not be reached for {relative} ({ex.HttpRequestError}).");
        }
        catch (JsonException)
        {
            throw Unavailable($"BigCommerce answered {relative} with malformed JSON.");
        }
    }

    private static IntakeRejectedException Unavailable(string detail) =>
        new(IntakeProblems.Unavailable(detail, "bigcommerce"));
}
