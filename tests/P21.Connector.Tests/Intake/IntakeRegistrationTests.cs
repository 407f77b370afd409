using System.Text.Json;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Secrets;

namespace P21.Connector.Tests.Intake;

public class IntakeRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISecretSource>(new DictionarySecretSource());
        services.AddSingleton<ICommandQueue>(new RecordingCommandQueue());
        services.AddP21Intake(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddP21Intake_BindsSectionAndResolvesIntake()
    {
        using var provider = Build(new()
        {
            ["Intake:Connection"] = "west",
            ["Intake:MaxBodyBytes"] = "4096",
            ["Intake:BigCommerce:StoreHash"] = "abc123",
            ["Intake:GenericSources:clarity"] = "webhook-clarity",
        });

        var options = provider.GetRequiredService<IOptions<IntakeOptions>>().Value;

        Assert.NotNull(provider.GetRequiredService<OrderIntake>());
        Assert.Equal(("west", 4096, "abc123"), (options.Connection, options.MaxBodyBytes, options.BigCommerce.StoreHash));
        Assert.Equal("webhook-clarity", options.GenericSources["clarity"]);
        Assert.Equal("webhook-generic", options.GenericSources["generic"]);
        Assert.IsType<RecentOrdersBuffer>(provider.GetRequiredService<IRecentOrders>());
    }

    [Theory]
    [InlineData("Intake:MaxBodyBytes", "10")]
    [InlineData("Intake:ReplayWindow", "00:00:00")]
    [InlineData("Intake:Connection", "")]
    public void AddP21Intake_InvalidSetting_FailsValidation(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IntakeOptions>>().Value);

        Assert.NotEmpty(ex.Failures);
    }
}
