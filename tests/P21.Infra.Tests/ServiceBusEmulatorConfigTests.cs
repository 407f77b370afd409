using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>
/// tools/servicebus-emulator/ (the local Service Bus) declares the entities the Bicep deploys, with the same settings
/// where the emulator allows them, so a local run exercises the queue and topic the app uses in Azure.
/// </summary>
[Collection(CompiledTemplatesCollection.Name)]
public sealed partial class ServiceBusEmulatorConfigTests(CompiledTemplates compiled)
{
    private static readonly string Folder = Path.Combine(BuildLocations.RepositoryRoot, "tools", "servicebus-emulator");

    public static TheoryData<string, string> Mutations => new()
    {
        { "rename subscription default", "subscriptions of topic p21-changes are [catch-all, push-amazon, push-bigcommerce, push-shopify, push-woocommerce]" },
        { "drop subscription push-shopify", "subscriptions of topic p21-changes are [default, push-amazon, push-bigcommerce, push-woocommerce]" },
        { "push-shopify MaxDeliveryCount 3", "subscription p21-changes/push-shopify: MaxDeliveryCount is 3; Bicep maxDeliveryCount is 10" },
        { "rename queue p21-writes", "queues are [p21-commands]" },
        { "drop topic p21-changes", "topics are []" },
        { "queue MaxDeliveryCount 3", "queue p21-writes: MaxDeliveryCount is 3; Bicep maxDeliveryCount is 10" },
        { "subscription LockDuration PT1M", "subscription p21-changes/default: LockDuration is \"PT1M\"; Bicep lockDuration is \"PT5M\"" },
        { "topic RequiresDuplicateDetection false", "topic p21-changes: RequiresDuplicateDetection is false; Bicep requiresDuplicateDetection is true" },
        { "queue duplicate window PT20S", "queue p21-writes: DuplicateDetectionHistoryTimeWindow is \"PT20S\", expected PT5M" },
        { "queue RequiresDuplicateDetection missing", "queue p21-writes: Config.json has no RequiresDuplicateDetection" },
    };

    [Fact]
    public void EmulatorConfig_AgainstCompiledBicep_SameEntitiesAndSettings() =>
        AssertNone(EmulatorConfigChecks.AgainstBicep(LoadConfig(), compiled.Main));

    [Fact]
    public void PushSubscriptions_ReplaceTheMatchAllRuleWithTheSameSqlFilterAsTheEmulator()
    {
        ArmResource rule = Assert.Single(ArmResource.OfType(compiled.Main, "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules"));
        string bicepFilter = rule.PropertyValue("sqlFilter")?["sqlExpression"] is JsonValue expression
            ? rule.ResolveVariables(expression.GetValue<string>()).Trim('[', ']')
            : "";
        string variable = rule.Variables["pushEventFilter"]!.GetValue<string>();

        Assert.Equal("SqlFilter", rule.Properties["filterType"]!.GetValue<string>());
        Assert.EndsWith("'$Default')]", rule.Node["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(variable, bicepFilter);
        var push = LoadConfig()["UserConfig"]!["Namespaces"]![0]!["Topics"]![0]!["Subscriptions"]!.AsArray()
            .Where(sub => sub!["Name"]!.GetValue<string>().StartsWith("push-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["push-amazon", "push-bigcommerce", "push-shopify", "push-woocommerce"], push.Select(sub => sub!["Name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(push, sub =>
        {
            JsonNode only = Assert.Single(sub!["Rules"]!.AsArray())!;
            Assert.Equal(("$Default", "Sql", variable), (only["Name"]!.GetValue<string>(), only["Properties"]!["FilterType"]!.GetValue<string>(), only["Properties"]!["SqlFilter"]!["SqlExpression"]!.GetValue<string>()));
        });
        Assert.Contains("'p21.inventory.changed'", variable, StringComparison.Ordinal);
    }

    [Fact]
    public void EmulatorConfig_AgainstEmulatorLimits_NothingOutOfRange() =>
        AssertNone(EmulatorConfigChecks.EmulatorLimits(LoadConfig()));

    [Theory]
    [MemberData(nameof(Mutations))]
    public void EmulatorConfig_Mutated_ReportsTheDifference(string mutation, string expected)
    {
        var config = LoadConfig();
        Mutate(config, mutation);

        var problems = EmulatorConfigChecks.AgainstBicep(config, compiled.Main);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("queue MaxDeliveryCount 11", "MaxDeliveryCount 11 outside")]
    [InlineData("queue TTL P14D", "DefaultMessageTimeToLive \"P14D\" outside")]
    [InlineData("namespace p21", "the emulator accepts only 'sbemulatorns'")]
    public void EmulatorLimits_Mutated_ReportsTheLimit(string mutation, string expected)
    {
        var config = LoadConfig();
        Mutate(config, mutation);

        Assert.Contains(EmulatorConfigChecks.EmulatorLimits(config), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SampleSettings_ServiceBus_PointAtTheLocalEmulatorAndItsTopic()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "local.settings.sample.json")))!["Values"]!;
        var topics = LoadConfig()["UserConfig"]!["Namespaces"]![0]!["Topics"]!.AsArray().Select(t => t!["Name"]!.GetValue<string>());

        Assert.Equal(
            "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            values["ServiceBus"]!.GetValue<string>());
        Assert.Contains(values["ServiceBus__ChangesTopic"]!.GetValue<string>(), topics);
    }

    [Fact]
    public void Compose_EmulatorService_MountsThisConfigPublishesAmqpAndLeavesTheEulaToTheUser()
    {
        var compose = File.ReadAllText(Path.Combine(Folder, "docker-compose.yaml"));

        Assert.Contains("mcr.microsoft.com/azure-messaging/servicebus-emulator", compose, StringComparison.Ordinal);
        Assert.Contains("\"./Config.json:/ServiceBus_Emulator/ConfigFiles/Config.json:ro\"", compose, StringComparison.Ordinal);
        Assert.Contains("\"127.0.0.1:5672:5672\"", compose, StringComparison.Ordinal);
        Assert.Contains("SQL_SERVER: sqledge", compose, StringComparison.Ordinal);
        Assert.Equal(2, RequiredEula().Matches(compose).Count);
        Assert.DoesNotMatch(AcceptedEula(), compose);
    }

    [Fact]
    public void EmulatorReadme_States_WhatWasAndWasNotVerified()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));

        Assert.Contains("What was verified and what was not", readme, StringComparison.Ordinal);
        Assert.Contains("Not verified here:", readme, StringComparison.Ordinal);
    }

    // Assert.Empty would cut each finding at 50 characters; the whole sentence says what to fix.
    private static void AssertNone(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"tools/servicebus-emulator/Config.json:\n  {string.Join("\n  ", problems)}");
        }
    }

    private static JsonNode PushShopify(JsonNode topic) =>
        topic["Subscriptions"]!.AsArray().Single(s => s!["Name"]!.GetValue<string>() == "push-shopify")!;

    private static JsonNode LoadConfig() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "Config.json")))!;

    private static void Mutate(JsonNode config, string mutation)
    {
        var ns = config["UserConfig"]!["Namespaces"]![0]!;
        var queue = ns["Queues"]![0]!;
        var topic = ns["Topics"]![0]!;
        var subscription = topic["Subscriptions"]![0]!;
        switch (mutation)
        {
            case "rename subscription default": subscription["Name"] = "catch-all"; break;
            case "drop subscription push-shopify": topic["Subscriptions"]!.AsArray().Remove(PushShopify(topic)); break;
            case "push-shopify MaxDeliveryCount 3": PushShopify(topic)["Properties"]!["MaxDeliveryCount"] = 3; break;
            case "rename queue p21-writes": queue["Name"] = "p21-commands"; break;
            case "drop topic p21-changes": ns["Topics"]!.AsArray().Clear(); break;
            case "queue MaxDeliveryCount 3": queue["Properties"]!["MaxDeliveryCount"] = 3; break;
            case "queue MaxDeliveryCount 11": queue["Properties"]!["MaxDeliveryCount"] = 11; break;
            case "subscription LockDuration PT1M": subscription["Properties"]!["LockDuration"] = "PT1M"; break;
            case "topic RequiresDuplicateDetection false": topic["Properties"]!["RequiresDuplicateDetection"] = false; break;
            case "queue duplicate window PT20S": queue["Properties"]!["DuplicateDetectionHistoryTimeWindow"] = "PT20S"; break;
            case "queue RequiresDuplicateDetection missing": queue["Properties"]!.AsObject().Remove("RequiresDuplicateDetection"); break;
            case "queue TTL P14D": queue["Properties"]!["DefaultMessageTimeToLive"] = "P14D"; break;
            case "namespace p21": ns["Name"] = "p21"; break;
            default: throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "unknown mutation");
        }
    }

    // ACCEPT_EULA: "${ACCEPT_EULA:?...}" on both services: compose refuses to start until the user sets it.
    [GeneratedRegex(@"ACCEPT_EULA: ""\$\{ACCEPT_EULA:\?")]
    private static partial Regex RequiredEula();

    // A YAML value that accepts the EULA on the user's behalf.
    [GeneratedRegex(@"ACCEPT_EULA:\s*""?[Yy]")]
    private static partial Regex AcceptedEula();
}
