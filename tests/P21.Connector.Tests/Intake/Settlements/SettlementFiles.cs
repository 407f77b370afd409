using System.Globalization;
using System.Text;

namespace P21.Connector.Tests.Intake.Settlements;

/// <summary>Builds V2 flat files in the column layout Amazon documents.</summary>
internal static class SettlementFiles
{
    public static readonly string[] Columns =
    [
        "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
        "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
        "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
        "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id",
    ];

    public static readonly (string Type, string AmountType, string Description)[] Keys =
    [
        ("Order", "ItemPrice", "Principal"),
        ("Order", "ItemPrice", "Tax"),
        ("Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"),
        ("Order", "ItemFees", "Commission"),
        ("Order", "ItemFees", "FBAPerUnitFulfillmentFee"),
        ("Refund", "ItemPrice", "Principal"),
        ("Refund", "ItemFees", "Commission"),
        ("other-transaction", "other-transaction", "Subscription Fee"),
    ];

    /// <summary>A file with <paramref name="amountRows"/> amount rows; the summary total is their exact sum.</summary>
    public static string Generate(int amountRows, int seed = 42, Func<int, (string Type, string AmountType, string Description)>? keyFor = null)
    {
        var random = new Random(seed);
        var rows = new List<string[]>();
        decimal total = 0;
        for (var i = 0; i < amountRows; i++)
        {
            var key = keyFor?.Invoke(i) ?? Keys[random.Next(Keys.Length)];
            var cents = random.Next(-50_000, 150_000);
            var amount = cents / 100m;
            total += amount;
            rows.Add(Row(new()
            {
                ["settlement-id"] = "24419588741",
                ["transaction-type"] = key.Type,
                ["order-id"] = $"114-{random.Next(1_000_000, 9_999_999)}-{random.Next(1_000_000, 9_999_999)}",
                ["marketplace-name"] = "Amazon.com",
                ["amount-type"] = key.AmountType,
                ["amount-description"] = key.Description,
                ["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture),
                ["fulfillment-id"] = "MFN",
                ["posted-date"] = "2026-11-20",
                ["sku"] = $"SKU-{random.Next(1, 400)}",
            }));
        }

        var summary = Row(new()
        {
            ["settlement-id"] = "24419588741",
            ["settlement-start-date"] = "2026-11-10 08:00:00 UTC",
            ["settlement-end-date"] = "2026-11-24 08:00:00 UTC",
            ["deposit-date"] = "2026-11-26 08:00:00 UTC",
            ["total-amount"] = total.ToString("0.00", CultureInfo.InvariantCulture),
            ["currency"] = "USD",
        });
        var text = new StringBuilder();
        text.Append(string.Join('\t', Columns)).Append('\n');
        text.Append(string.Join('\t', summary)).Append('\n');
        foreach (var row in rows)
        {
            text.Append(string.Join('\t', row)).Append('\n');
        }

        return text.ToString();
    }

    private static string[] Row(Dictionary<string, string> values) => Columns.Select(c => values.GetValueOrDefault(c, "")).ToArray();
}
