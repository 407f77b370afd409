using P21.Connector.Intake.Signatures;
using P21.Connector.Intake.Sources;

namespace P21.Connector.Intake;

/// <summary>Resolves a route's source name to the source that authenticates and reads it.</summary>
internal sealed class IntakeSources
{
    private readonly Dictionary<string, IIntakeSource> _sources = new(StringComparer.OrdinalIgnoreCase);

    public IntakeSources(IntakeOptions options, WebhookSecrets secrets, IHttpClientFactory httpClients, TimeProvider time)
    {
        Add(new ShopifySource(options, secrets, time));
        Add(new WooCommerceSource(options, secrets));
        Add(new BigCommerceSource(options, secrets, httpClients));
        Add(new AmazonSource(options, secrets, time));
        foreach (var (name, secretName) in options.GenericSources)
        {
            // A generic name must not shadow a platform: its payloads would be read with the wrong parser.
            if (!_sources.ContainsKey(name))
            {
                Add(new GenericSource(name, secretName, options, secrets, time));
            }
        }
    }

    public IIntakeSource? Find(string name) => _sources.GetValueOrDefault(name.Trim());

    public IReadOnlyCollection<IIntakeSource> All => _sources.Values;

    private void Add(IIntakeSource source) => _sources[source.Name] = source;
}
