using System.Reflection;

using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

/// <summary>
/// A source is added in <see cref="IntakeSources"/>; this guard fails when one arrives without what docs/extending.md
/// asks of it: a sample body per kind it accepts, a fuzz case, and (for a platform, not the generic feed) a payload the
/// platform itself published.
/// </summary>
public sealed class IntakeSourceRegistryTests
{
    private static readonly string SamplesDir = Path.Combine(AppContext.BaseDirectory, "Samples");

    public static TheoryData<string> Sources() => [.. SourceNames()];

    private static string[] SourceNames()
    {
        using ServiceProvider provider = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var sources = new IntakeSources(new IntakeOptions(), new WebhookSecrets(new DictionarySecretSource()),
            provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System);
        return [.. sources.All.Select(s => s.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Sources_ListsThePlatformsAndTheGenericFeed()
    {
        Assert.Equal(["amazon", "bigcommerce", "generic", "shopify", "woocommerce"], SourceNames());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EverySource_HasASampleAndAFuzzCase(string source)
    {
        Assert.True(Directory.EnumerateFiles(SamplesDir, source + "-*").Any(), $"Samples/ has no {source}-*.json body");
        string pascal = PascalName(source);
        Assert.True(
            typeof(IntakeFuzzTests).GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name.StartsWith("AcceptAsync_Mutated" + pascal, StringComparison.Ordinal)),
            $"IntakeFuzzTests has no AcceptAsync_Mutated{pascal}… case");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EveryPlatformSource_HasAPublishedFixtureWithItsSource(string source)
    {
        if (source == "generic")
        {
            return; // the connector's own canonical feed: its samples are ours by definition
        }

        string published = Path.Combine(SamplesDir, "Published");
        Assert.True(Directory.EnumerateFiles(published, source + "-*").Any(), $"Samples/Published has no {source}-* fixture copied from the platform's docs");
        Assert.Contains(source + "-", File.ReadAllText(Path.Combine(published, "SOURCES.md")), StringComparison.Ordinal);
    }

    private static string PascalName(string source) => source switch
    {
        "bigcommerce" => "BigCommerce",
        "woocommerce" => "WooCommerce",
        _ => char.ToUpperInvariant(source[0]) + source[1..],
    };
}
