using System.Text.Json.Nodes;

namespace P21.Infra.Tests;

/// <summary>Asserts on the ARM JSON the real compiler produced from main.bicep and main.subscription.bicep.</summary>
[Collection(CompiledTemplatesCollection.Name)]
public sealed class ArmTemplateTests(CompiledTemplates compiled)
{
    public static TheoryData<string> Entries => ["main", "subscription"];

    private JsonNode Template(string entry) => entry == "main" ? compiled.Main : compiled.Subscription;

    [Theory]
    [MemberData(nameof(Entries))]
    public void Storage_Compiled_IdentityOnlyWithConnectorTables(string entry) =>
        Assert.Empty(TemplateChecks.Storage(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void ServiceBus_Compiled_LocalAuthOffAndDuplicateDetectionOn(string entry) =>
        Assert.Empty(TemplateChecks.ServiceBus(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void KeyVault_Compiled_RbacAndPurgeProtection(string entry) =>
        Assert.Empty(TemplateChecks.KeyVault(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Monitoring_Compiled_AppInsightsLocalAuthDisabled(string entry) =>
        Assert.Empty(TemplateChecks.Monitoring(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void FunctionApp_Compiled_FlexDotnetIsolated10Hardened(string entry) =>
        Assert.Empty(TemplateChecks.FunctionApp(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void AppSettings_Compiled_IdentityBasedAndComplete(string entry) =>
        Assert.Empty(TemplateChecks.AppSettings(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void RoleAssignments_Compiled_ExactlyTheLeastPrivilegeSet(string entry) =>
        Assert.Empty(TemplateChecks.RoleAssignments(Template(entry)));

    [Fact]
    public void ServiceBusDataOwner_Main_OnlyOnTheQueueTheWriterTriggerReads()
    {
        var owner = Assert.Single(ArmResource.OfType(compiled.Main, "Microsoft.Authorization/roleAssignments"),
            a => a.ResolveVariables(a.Properties["roleDefinitionId"]?.GetValue<string>() ?? "").Contains(TemplateChecks.ServiceBusDataOwner, StringComparison.OrdinalIgnoreCase));
        var queue = Assert.Single(ArmResource.OfType(compiled.Main, "Microsoft.ServiceBus/namespaces/queues"), q => q.Node["existing"] is null);
        // The trigger's queue name is a constant in the app (the Bicep cannot read it): the grant must name the same queue.
        var options = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "functions", "P21.Functions", "Messaging", "ServiceBusMessagingOptions.cs"));

        Assert.Equal("Microsoft.ServiceBus/namespaces/queues", owner.Scope?.Type);
        Assert.Equal(queue.ChildNames, owner.Scope!.Names.Skip(1));
        Assert.Equal(new[] { TemplateChecks.WritesQueue }, queue.ChildNames);
        Assert.Contains($"public const string WritesQueue = \"{TemplateChecks.WritesQueue}\";", options, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void SecretLeaks_Compiled_NoKeysOrConnectionStrings(string entry) =>
        Assert.Empty(TemplateChecks.SecretLeaks(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Outputs_Compiled_NamesAndEndpointsOnly(string entry) =>
        Assert.Empty(TemplateChecks.Outputs(Template(entry)));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Parameters_Compiled_CarryNoSecretValues(string entry) =>
        Assert.Empty(TemplateChecks.SecretParameters(Template(entry)));

    [Fact]
    public void Outputs_Main_ListTheValuesDeployDocNeeds()
    {
        var outputs = compiled.Main["outputs"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(
            ["AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_APP_HOSTNAME", "AZURE_KEY_VAULT_NAME", "AZURE_KEY_VAULT_URI",
             "AZURE_SERVICE_BUS_NAMESPACE", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_IDENTITY_CLIENT_ID"],
            outputs);
    }

    [Fact]
    public void Main_Compiled_NamesFromResourceTokenAndAzdTags()
    {
        var resourceToken = compiled.Main["variables"]?["resourceToken"]?.GetValue<string>();
        Assert.Equal("[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]", resourceToken);
        Assert.Contains("'azd-service-name', 'functions'", compiled.MainJson, StringComparison.Ordinal);
        Assert.Contains("\"azd-env-name\": \"[parameters('environmentName')]\"", compiled.MainJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_Compiled_CreatesGroupOnRequestAndDeploysMainIntoIt()
    {
        var group = Assert.Single(ArmResource.OfType(compiled.Subscription, "Microsoft.Resources/resourceGroups"));
        Assert.Equal("[parameters('createResourceGroup')]", group.Node["condition"]?.GetValue<string>());

        var deployment = Assert.Single(ArmResource.OfType(compiled.Subscription, "Microsoft.Resources/deployments"),
            d => d.Node["resourceGroup"] is not null);
        Assert.Equal("[parameters('resourceGroupName')]", deployment.Node["resourceGroup"]?.GetValue<string>());
        Assert.Single(ArmResource.All(deployment.Properties["template"]!), r => r.Type == "Microsoft.Web/sites");
    }

    [Fact]
    public void PrivateEndpoints_Compiled_OffByDefaultAndCoverStorageServiceBusVault()
    {
        var network = Assert.Single(ArmResource.OfType(compiled.Main, "Microsoft.Resources/deployments"),
            d => d.Node["name"]?.GetValue<string>() == "network");
        Assert.Equal("[parameters('enablePrivateEndpoints')]", network.Node["condition"]?.GetValue<string>());
        Assert.False(compiled.Main["parameters"]?["enablePrivateEndpoints"]?["defaultValue"]?.GetValue<bool>());

        var endpointList = network.Properties["template"]?["variables"]?["endpoints"]?.ToJsonString() ?? "";
        foreach (var groupId in new[] { "blob", "queue", "table", "namespace", "vault" })
        {
            Assert.Contains($"\"groupId\":\"{groupId}\"", endpointList, StringComparison.Ordinal);
        }
    }
}
