using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using P21.Connector.Intake.Signatures;

namespace P21.Functions.Tests.App;

/// <summary>Bodies in the generic schema (docs/inbound.md) and their Standard Webhooks headers.</summary>
internal static class Deliveries
{
    public static byte[] Order(string externalId, string email, string sku, decimal quantity = 2) => Json(new JsonObject
    {
        ["externalId"] = externalId,
        ["orderDate"] = "2026-11-22T16:05:31Z",
        ["currency"] = "USD",
        ["customer"] = new JsonObject { ["email"] = email, ["name"] = "Test Buyer" },
        ["shipTo"] = Address(),
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = quantity, ["unitPrice"] = 1.25m }),
    });

    public static byte[] Customer(string externalId) => Json(new JsonObject
    {
        ["externalId"] = externalId,
        ["name"] = "Harborline Marine Supply",
        ["email"] = "ap@harborline-marine.example",
        ["mailingAddress"] = Address(),
    });

    public static byte[] PurchaseOrder(string externalId) => Json(new JsonObject
    {
        ["externalId"] = externalId,
        ["vendorId"] = "100045",
        ["locationId"] = "10",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "SS316-BOLT-38-2", ["quantity"] = 2000, ["unitCost"] = 0.21m }),
    });

    public static byte[] Settlement(string settlementId) => Json(new JsonObject
    {
        ["settlementId"] = settlementId,
        ["depositDate"] = "2026-11-24T00:00:00Z",
        ["currency"] = "USD",
        ["total"] = 1213.45m,
        ["lines"] = new JsonArray(
            new JsonObject { ["transactionType"] = "Order", ["amountType"] = "ItemPrice", ["amountDescription"] = "Principal", ["amount"] = 1250.00m, ["orderId"] = "5940139491234" },
            new JsonObject { ["transactionType"] = "Order", ["amountType"] = "ItemFees", ["amountDescription"] = "ProcessingFee", ["amount"] = -36.55m, ["orderId"] = "5940139491234" }),
    });

    /// <summary>Standard Webhooks headers signing <paramref name="body"/> with <paramref name="secret"/>, stamped now.</summary>
    public static Dictionary<string, string> Signed(byte[] body, string? secret = null)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new()
        {
            [StandardWebhookSignature.IdHeader] = id,
            [StandardWebhookSignature.TimestampHeader] = at.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(id, at, body, secret ?? FunctionsApp.GenericSecret),
        };
    }

    private static JsonObject Address() => new()
    {
        ["name"] = "Warehouse 2",
        ["line1"] = "4400 W Marginal Way SW",
        ["city"] = "Seattle",
        ["region"] = "WA",
        ["postalCode"] = "98106",
        ["country"] = "US",
    };

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions()));
}
