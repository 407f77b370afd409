using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using P21.Connector.Client.Http;
using P21.Connector.Client.Models;

namespace P21.Connector.Client;

public partial class P21Client
{
    /// <summary>
    /// Asks P21's own price engine for one customer's net price:
    /// <c>GET /api/inventory/parts/{ItemId}/v2/price?companyId&amp;customerId&amp;unitQuantity[&amp;salesLocId&amp;sourceLocId&amp;uom]</c>.
    /// Null when P21 answers 404 (no such item, or no such customer: callers that need to tell them apart check the customer first).
    /// </summary>
    /// <exception cref="ArgumentException">The item id holds a <c>/</c>, which P21's REST route cannot address.</exception>
    /// <exception cref="P21RequestFailedException">P21 failed, or answered without a unit price.</exception>
    public virtual async Task<PartPrice?> GetPartPriceAsync(PartPriceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.ItemId);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.CompanyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.CustomerId);
        if (query.ItemId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"P21's price call cannot address item '{query.ItemId}': an id holding a '/' is 404 however it is encoded.", nameof(query));
        }

        using Activity? activity = StartActivity(nameof(GetPartPriceAsync));
        try
        {
            var path = new StringBuilder("api/inventory/parts/").Append(Uri.EscapeDataString(query.ItemId)).Append("/v2/price?companyId=")
                .Append(Uri.EscapeDataString(query.CompanyId)).Append("&customerId=").Append(Uri.EscapeDataString(query.CustomerId))
                .Append("&unitQuantity=").Append(query.UnitQuantity.ToString(CultureInfo.InvariantCulture));
            Append(path, "salesLocId", query.SalesLocationId);
            Append(path, "sourceLocId", query.SourceLocationId);
            Append(path, "uom", query.Uom);
            Uri uri = P21Uris.Combine(BaseUrl, path.ToString());
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(GetPartPriceAsync), cancellationToken, allowNotFound: true).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            using JsonDocument document = await ReadJsonDocumentAsync(response, nameof(GetPartPriceAsync), cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            decimal? unitPrice = ReadString(root, "UnitPrice") is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal parsed) ? parsed : null;
            if (unitPrice is null)
            {
                throw new P21RequestFailedException(
                    $"P21 {nameof(GetPartPriceAsync)} on connection '{ConnectionName}' answered without a UnitPrice for item '{query.ItemId}'.",
                    (int)response.StatusCode, isTransient: false, hint: "a P21 version whose price answer names the price differently?");
            }

            return new PartPrice(unitPrice.Value, ReadString(root, "UnitOfMeasure"), ReadString(root, "PriceSource"));
        }
        catch (Exception ex)
        {
            Fail(activity, nameof(GetPartPriceAsync), ex);
            throw;
        }
    }

    private static void Append(StringBuilder path, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            path.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value.Trim()));
        }
    }
}
