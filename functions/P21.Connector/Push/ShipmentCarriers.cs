using System.Globalization;

namespace P21.Connector.Push;

/// <summary>
/// P21 <c>carrier_id</c> → the carrier as the platforms name it. P21 carrier ids are the site's own (often the carrier
/// vendor's number), so the target's <c>Carriers</c> map comes first; an unmapped id whose text names UPS, FedEx, USPS or
/// DHL maps to that carrier; any other id is sent as it is (Shopify shows it as the company, BigCommerce as a custom carrier).
/// </summary>
internal static class ShipmentCarriers
{
    private static readonly (string Token, ShipmentCarrier Carrier, string TrackingUrl)[] Known =
    [
        ("FEDEX", new ShipmentCarrier("FedEx", "fedex"), "https://www.fedex.com/fedextrack/?trknbr={0}"),
        ("USPS", new ShipmentCarrier("USPS", "usps"), "https://tools.usps.com/go/TrackConfirmAction?tLabels={0}"),
        ("UPS", new ShipmentCarrier("UPS", "ups"), "https://www.ups.com/track?tracknum={0}"),
        ("DHL", new ShipmentCarrier("DHL Express", "dhl"), "https://www.dhl.com/en/express/tracking.html?AWB={0}"),
    ];

    /// <summary>The carrier of <paramref name="carrierId"/> (null when P21 has none) and a tracking page for known carriers.</summary>
    public static (ShipmentCarrier? Carrier, Uri? TrackingUrl) Resolve(string? carrierId, string? trackingNumber, IReadOnlyDictionary<string, string> map)
    {
        if (string.IsNullOrWhiteSpace(carrierId))
        {
            return (null, null);
        }

        string id = carrierId.Trim();
        string name = map.TryGetValue(id, out string? mapped) && !string.IsNullOrWhiteSpace(mapped) ? mapped.Trim() : id;
        // USPS before UPS: "USPS" contains "UPS".
        foreach (var (token, carrier, url) in Known)
        {
            if (name.Contains(token, StringComparison.OrdinalIgnoreCase)
                || (token == "FEDEX" && name.Contains("FED EX", StringComparison.OrdinalIgnoreCase)))
            {
                Uri? tracking = string.IsNullOrWhiteSpace(trackingNumber) ? null : new Uri(string.Format(CultureInfo.InvariantCulture, url, Uri.EscapeDataString(trackingNumber.Trim())));
                return (carrier, tracking);
            }
        }

        return (new ShipmentCarrier(name, ""), null);
    }
}
