using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Intake;
using P21.Connector.Write;

namespace P21.Connector.Tests.Settings;

/// <summary>DataAnnotations failures name the setting an operator edits, not the options type's member.</summary>
public sealed class SettingPathValidatorTests
{
    [Fact]
    public void WriterRequiredSettingMissing_NamesSectionKeyAndAppSetting()
    {
        var failures = Failures<WriterOptions>(s => s.AddP21Write(Configuration(new()
        {
            ["Writer:DefaultSalesLocationId"] = "10",
            ["Writer:DefaultSalesrepId"] = "1001",
        })));

        Assert.Equal(["The Writer:DefaultBranch field is required (app setting Writer__DefaultBranch)."], failures);
    }

    [Fact]
    public void NestedSectionValueInvalid_NamesTheWholePath()
    {
        var failures = Failures<IntakeOptions>(s => s.AddP21Intake(Configuration(new()
        {
            ["Intake:Shopify:SecretName"] = "",
            ["Intake:MaxBodyBytes"] = "10",
        })));

        Assert.Contains("The Intake:Shopify:SecretName field is required (app setting Intake__Shopify__SecretName).", failures);
        Assert.Contains("The field Intake:MaxBodyBytes must be between 1024 and 67108864 (app setting Intake__MaxBodyBytes).", failures);
    }

    [Fact]
    public void ValidOptions_PassThrough()
    {
        var services = new ServiceCollection().AddP21Intake(Configuration([]));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(1024 * 1024, provider.GetRequiredService<IOptions<IntakeOptions>>().Value.MaxBodyBytes);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IReadOnlyList<string> Failures<TOptions>(Action<IServiceCollection> add)
        where TOptions : class
    {
        var services = new ServiceCollection();
        add(services);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TOptions>>().Value);
        return [.. error.Failures];
    }
}
