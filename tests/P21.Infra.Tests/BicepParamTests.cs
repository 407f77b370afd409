using System.Text.Json.Nodes;

namespace P21.Infra.Tests;

/// <summary>main.bicepparam (what azd reads) turns azd environment values into typed parameters.</summary>
public sealed class BicepParamTests
{
    [Fact]
    public void BuildParams_AzdEnvironmentSet_ValuesReachParameters()
    {
        var result = BicepCli.Run(
            new Dictionary<string, string>
            {
                ["AZURE_ENV_NAME"] = "p21test",
                ["AZURE_LOCATION"] = "westeurope",
                ["P21_CONNECTIONS"] = """[{"name":"main","baseUrl":"https://p21.example.com","authMode":"ConsumerKey","secretName":"p21-main-consumer-key"}]""",
                ["P21_POLL_SCHEDULES"] = """{"Inventory":"0 */2 * * * *"}""",
                ["P21_ALLOWED_CIDRS"] = """["203.0.113.0/24"]""",
                ["AZURE_PRINCIPAL_ID"] = "11111111-2222-3333-4444-555555555555",
                ["P21_INSTANCE_MEMORY_MB"] = "4096",
                ["P21_AMAZON"] = """{"region":"na","clientId":"amzn1.application-oa2-client.abc","marketplaceIds":["ATVPDKIKX0DER","A2EUQ1WTGCTBG2"]}""",
            },
            "build-params", Path.Combine(BuildLocations.InfraDirectory, "main.bicepparam"), "--stdout");

        Assert.Equal(0, result.ExitCode);
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal("p21test", parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("westeurope", parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("ConsumerKey", parameters["p21Connections"]!["value"]![0]!["authMode"]!.GetValue<string>());
        Assert.Equal("0 */2 * * * *", parameters["pollSchedules"]!["value"]!["Inventory"]!.GetValue<string>());
        Assert.Equal("203.0.113.0/24", parameters["allowedCidrs"]!["value"]![0]!.GetValue<string>());
        Assert.Equal("11111111-2222-3333-4444-555555555555", parameters["deployer"]!["value"]!["principalId"]!.GetValue<string>());
        Assert.Equal(4096, parameters["instanceMemoryMB"]!["value"]!.GetValue<int>());
        Assert.Equal("A2EUQ1WTGCTBG2", parameters["amazon"]!["value"]!["marketplaceIds"]![1]!.GetValue<string>());
    }

    [Fact]
    public void BuildParams_NothingSet_SafeDefaults()
    {
        var result = BicepCli.Run(
            new Dictionary<string, string> { ["AZURE_ENV_NAME"] = "p21test" },
            "build-params", Path.Combine(BuildLocations.InfraDirectory, "main.bicepparam"), "--stdout");

        Assert.Equal(0, result.ExitCode);
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Empty(parameters["allowedCidrs"]!["value"]!.AsArray());
        Assert.False(parameters["enablePrivateEndpoints"]!["value"]!.GetValue<bool>());
        Assert.Null(parameters["deployer"]!["value"]);
        Assert.Null(parameters["amazon"]!["value"]);
    }
}
