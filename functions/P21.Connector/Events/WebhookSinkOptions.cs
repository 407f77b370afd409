using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Events;

/// <summary>Where and how <see cref="WebhookChangeSink"/> delivers events.</summary>
public sealed class WebhookSinkOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21:Webhook";

    /// <summary>The named <see cref="HttpClient"/> the sink uses.</summary>
    public const string HttpClientName = "p21-webhook";

    /// <summary>The receiver's URL. HTTPS, except loopback (development and tests).</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Name of the secret (see <c>ISecretSource</c>) holding the signing key, Standard Webhooks style <c>whsec_…</c>.</summary>
    [Required]
    public string SecretName { get; set; } = "";

    /// <summary>Retries of a 408, 429, 5xx or network failure before the sink throws.</summary>
    /// <value>Default 3.</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones back off exponentially with jitter.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
