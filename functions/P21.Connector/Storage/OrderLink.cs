using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Connector.Storage;

/// <summary>
/// Which storefront order a P21 sales order was written from (the value of a <see cref="MappingKind.OrderLink"/>
/// mapping): what the push flow needs to put a P21 shipment or cancellation back on that order. P21 keeps the order id
/// in <c>web_reference_no</c> but has nowhere for the platform's line ids, so the writer keeps both here.
/// </summary>
/// <param name="OrderId">The platform's order id (the command's <c>ExternalOrderId</c>).</param>
/// <param name="Lines">The order's lines that came from the platform, by P21 line number.</param>
public sealed record OrderLink(string OrderId, IReadOnlyList<OrderLinkLine> Lines)
{
    /// <summary>The JSON stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, OrderLinkJsonContext.Default.OrderLink);

    /// <summary>Reads a stored value; null when it is not one this code wrote.</summary>
    public static OrderLink? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(value, OrderLinkJsonContext.Default.OrderLink) is { OrderId.Length: > 0 } link ? link : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A P21 order line and the platform line it came from.</summary>
/// <param name="Line">P21 <c>oe_line.line_no</c> (what a pick ticket line's <c>oe_line_no</c> names).</param>
/// <param name="Id">The platform's line id (the command line's <c>PlatformLineId</c>).</param>
/// <param name="Sku">The platform SKU, for messages.</param>
public sealed record OrderLinkLine(int Line, string Id, string? Sku);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderLink))]
internal sealed partial class OrderLinkJsonContext : JsonSerializerContext;
