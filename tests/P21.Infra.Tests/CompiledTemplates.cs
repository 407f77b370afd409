using System.Text.Json.Nodes;

namespace P21.Infra.Tests;

/// <summary>Compiles main.bicep and main.subscription.bicep once per test run with the real bicep compiler.</summary>
public sealed class CompiledTemplates
{
    public CompiledTemplates()
    {
        MainJson = BicepCli.Build(Path.Combine(BuildLocations.InfraDirectory, "main.bicep"));
        SubscriptionJson = BicepCli.Build(Path.Combine(BuildLocations.InfraDirectory, "main.subscription.bicep"));
        Main = JsonNode.Parse(MainJson) ?? throw new InvalidOperationException("main.bicep compiled to nothing.");
        Subscription = JsonNode.Parse(SubscriptionJson) ?? throw new InvalidOperationException("main.subscription.bicep compiled to nothing.");
    }

    /// <summary>ARM JSON text of main.bicep.</summary>
    public string MainJson { get; }

    /// <summary>ARM JSON text of main.subscription.bicep.</summary>
    public string SubscriptionJson { get; }

    /// <summary>Parsed main.bicep template.</summary>
    public JsonNode Main { get; }

    /// <summary>Parsed main.subscription.bicep template.</summary>
    public JsonNode Subscription { get; }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplatesCollection : ICollectionFixture<CompiledTemplates>
{
    public const string Name = "Compiled templates";
}
