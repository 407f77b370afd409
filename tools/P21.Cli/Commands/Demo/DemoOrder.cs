using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Cli.Commands.Demo;

/// <summary>A Shopify <c>orders/create</c> payload as Shopify sends it (the fields intake reads), for the demo.</summary>
internal static class DemoOrder
{
    /// <summary>The freight the demo buyer pays (Shopify <c>shipping_lines</c>); P21 gets it as a FREIGHT charge line.</summary>
    public const decimal Freight = 12.50m;

    public static byte[] Shopify(long orderId, DateTimeOffset createdAt, IReadOnlyList<(string Sku, decimal Price, int Quantity)> lines)
    {
        var address = new JsonObject
        {
            ["first_name"] = "Jon",
            ["last_name"] = "Reyes",
            ["company"] = "Northwind Supply LLC",
            ["address1"] = "410 Terry Ave N",
            ["address2"] = "Suite 300",
            ["city"] = "New York",
            ["province_code"] = "NY",
            ["zip"] = "10013",
            ["country_code"] = "US",
            ["phone"] = "+1 212-555-0147",
        };
        var items = new JsonArray();
        decimal subtotal = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            (string sku, decimal price, int quantity) = lines[i];
            subtotal += price * quantity;
            items.Add(new JsonObject
            {
                ["id"] = orderId * 10 + i + 1,
                ["sku"] = sku,
                ["title"] = $"Item {sku}",
                ["quantity"] = quantity,
                ["price"] = price.ToString("0.00", CultureInfo.InvariantCulture),
            });
        }

        var order = new JsonObject
        {
            ["id"] = orderId,
            ["name"] = "#" + (orderId % 100_000).ToString(CultureInfo.InvariantCulture),
            ["created_at"] = createdAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["currency"] = "USD",
            ["email"] = $"jon.reyes+{orderId}@northwind-supply.example",
            ["note"] = "p21 demo order",
            ["customer"] = new JsonObject
            {
                ["id"] = orderId + 1_000_000,
                ["email"] = $"jon.reyes+{orderId}@northwind-supply.example",
                ["first_name"] = "Jon",
                ["last_name"] = "Reyes",
            },
            ["billing_address"] = address.DeepClone(),
            ["shipping_address"] = address.DeepClone(),
            ["line_items"] = items,
            ["financial_status"] = "paid",
            ["shipping_lines"] = new JsonArray(new JsonObject { ["id"] = orderId * 10, ["title"] = "UPS Ground", ["price"] = Freight.ToString("0.00", CultureInfo.InvariantCulture) }),
            ["subtotal_price"] = subtotal.ToString("0.00", CultureInfo.InvariantCulture),
            ["total_tax"] = "0.00",
            ["total_discounts"] = "0.00",
            ["total_price"] = (subtotal + Freight).ToString("0.00", CultureInfo.InvariantCulture),
        };
        return JsonSerializer.SerializeToUtf8Bytes(order);
    }
}
