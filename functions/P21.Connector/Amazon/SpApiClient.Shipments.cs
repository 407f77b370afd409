using System.Net;
using System.Text.Json;

namespace P21.Connector.Amazon;

/// <summary>
/// The seller-fulfilled shipment calls of the Orders API v0 (ordersV0.json): <c>getOrder</c> (0.5 requests/s, burst 30)
/// and <c>confirmShipment</c>, <c>POST /orders/v0/orders/{orderId}/shipmentConfirmation</c> (2 requests/s, burst 10),
/// which answers 204 with no body.
/// </summary>
internal sealed partial class SpApiClient
{
    /// <summary>One order, as getOrders lists it.</summary>
    /// <exception cref="SpApiException">Amazon refused the call (404: no such order), or it kept failing.</exception>
    public async Task<AmazonOrder> GetOrderAsync(string amazonOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(amazonOrderId);
        string body = await SendAsync("getOrder", HttpMethod.Get, $"/orders/v0/orders/{Uri.EscapeDataString(amazonOrderId)}", null, cancellationToken).ConfigureAwait(false);
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement payload = document.RootElement.TryGetProperty("payload", out JsonElement p) ? p : throw new SpApiException("InvalidResponse", "getOrder answered no payload", HttpStatusCode.OK);
            AmazonOrder order = payload.Deserialize(AmazonJsonContext.Default.AmazonOrder) ?? throw new SpApiException("InvalidResponse", "getOrder answered a null payload", HttpStatusCode.OK);
            return order with { Json = payload.Clone() };
        }
        catch (JsonException e)
        {
            throw new SpApiException($"getOrder answered JSON that does not match ordersV0.json ({e.Path})", e);
        }
    }

    /// <summary>Confirms one package of a seller-fulfilled order.</summary>
    /// <exception cref="SpApiException">Amazon refused it (400 with its reason), or it kept failing.</exception>
    public async Task ConfirmShipmentAsync(string amazonOrderId, AmazonShipmentConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(amazonOrderId);
        await SendAsync("confirmShipment", HttpMethod.Post, $"/orders/v0/orders/{Uri.EscapeDataString(amazonOrderId)}/shipmentConfirmation",
            JsonSerializer.Serialize(confirmation, AmazonJsonContext.Default.AmazonShipmentConfirmation), cancellationToken).ConfigureAwait(false);
    }
}
