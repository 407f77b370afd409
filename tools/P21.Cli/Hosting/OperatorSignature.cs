using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;
using P21.Connector.Secrets;

namespace P21.Cli.Hosting;

/// <summary>
/// Signs a payload the operator hands over with the source's own webhook secret, so a file goes through the same
/// intake checks as a delivery. Whoever runs the CLI holds the secrets already; nothing is trusted that intake would not.
/// </summary>
internal static class OperatorSignature
{
    public static async Task<IReadOnlyDictionary<string, string>> SignAsync(
        string source, string kind, byte[] body, IntakeOptions options, ISecretSource secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string name = source.Trim().ToLowerInvariant();
        string? secretName = name switch
        {
            "shopify" => options.Shopify.SecretName,
            "woocommerce" => options.WooCommerce.SecretName,
            "bigcommerce" => options.BigCommerce.SecretName,
            "amazon" => options.Amazon.SecretName,
            _ => options.GenericSources.GetValueOrDefault(name),
        };
        if (secretName is null)
        {
            string known = string.Join(", ", new[] { "shopify", "woocommerce", "bigcommerce", "amazon" }.Concat(options.GenericSources.Keys));
            throw new CliUsageException($"unknown source '{source}' — use one of {known}");
        }

        string secret = await secrets.GetSecretAsync(secretName, cancellationToken)
            ?? throw new CliUsageException($"no signing secret '{secretName}' for source '{name}' — add Secrets:{secretName} to --settings, or pass --headers with the platform's original headers");
        string id = Guid.NewGuid().ToString("N");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (name)
        {
            case "shopify":
                headers[ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, secret);
                headers[ShopifySignature.TopicHeader] = "orders/create";
                headers[ShopifySignature.WebhookIdHeader] = id;
                break;
            case "woocommerce":
                headers[WooCommerceSignature.SignatureHeader] = WooCommerceSignature.Sign(body, secret);
                headers[WooCommerceSignature.TopicHeader] = "order.created";
                headers[WooCommerceSignature.DeliveryIdHeader] = id;
                break;
            case "bigcommerce":
                headers[options.BigCommerce.AuthHeaderName] = secret;
                break;
            default:
                long now = time.GetUtcNow().ToUnixTimeSeconds();
                headers[StandardWebhookSignature.IdHeader] = id;
                headers[StandardWebhookSignature.TimestampHeader] = now.ToString(CultureInfo.InvariantCulture);
                try
                {
                    headers[StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(id, now, body, secret);
                }
                catch (ArgumentException ex)
                {
                    throw new CliUsageException($"secret '{secretName}' cannot sign {kind}: {ex.Message}", ex);
                }

                break;
        }

        return headers;
    }

    /// <summary>Reads a headers file: a JSON object of name → value, or <c>Name: value</c> lines.</summary>
    public static IReadOnlyDictionary<string, string> ParseHeaders(string path, string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string trimmed = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(trimmed);
                foreach (System.Text.Json.JsonProperty property in document.RootElement.EnumerateObject())
                {
                    headers[property.Name] = property.Value.ToString();
                }

                return headers;
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new CliUsageException($"{path}: not a JSON object of headers ({ex.Message.TrimEnd('.')})", ex);
            }
        }

        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CliUsageException($"{path}: line {i + 1} is not 'Name: value' — write one header per line, or a JSON object");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }
}
