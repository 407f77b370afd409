using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;

namespace P21.Connector.Tests.Amazon;

/// <summary>Registration of the SP-API client when more than one flow (intake, push) asks for it.</summary>
public class AmazonServiceCollectionTests
{
    [Fact]
    public void AddP21Amazon_CalledByTwoFlows_BindsTheMarketplacesOnce()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Amazon:Region"] = "na",
                ["Amazon:ClientId"] = "amzn1.application-oa2-client.test",
                ["Amazon:ClientSecretName"] = "amazon-client-secret",
                ["Amazon:RefreshTokenName"] = "amazon-refresh-token",
                ["Amazon:MarketplaceIds:0"] = "ATVPDKIKX0DER",
                ["Amazon:MarketplaceIds:1"] = "A2EUQ1WTGCTBG2",
            })
            .Build();
        ServiceCollection services = new();

        services.AddP21Amazon(configuration);
        services.AddP21Amazon(configuration);

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal(["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"], provider.GetRequiredService<IOptions<AmazonOptions>>().Value.MarketplaceIds);
        Assert.Single(services, d => d.ServiceType == typeof(SpApiClient));
    }
}
