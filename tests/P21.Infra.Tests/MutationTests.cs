using System.Text.Json.Nodes;

namespace P21.Infra.Tests;

/// <summary>Each check catches the mistake it exists for: break a copy of one module, compile, expect a finding.</summary>
public sealed class MutationTests
{
    public static TheoryData<string, string, string, string> Mutations => new()
    {
        { "modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true", nameof(TemplateChecks.Storage) },
        { "modules/storage.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'", nameof(TemplateChecks.Storage) },
        { "modules/servicebus.bicep", "disableLocalAuth: true", "disableLocalAuth: false", nameof(TemplateChecks.ServiceBus) },
        { "modules/servicebus.bicep", "var lockDuration = 'PT5M'", "var lockDuration = 'PT1M'", nameof(TemplateChecks.ServiceBus) },
        { "modules/keyvault.bicep", "enablePurgeProtection: true", "enablePurgeProtection: false", nameof(TemplateChecks.KeyVault) },
        { "modules/monitoring.bicep", "DisableLocalAuth: true", "DisableLocalAuth: false", nameof(TemplateChecks.Monitoring) },
        { "modules/functionapp.bicep", "ftpsState: 'Disabled'", "ftpsState: 'FtpsOnly'", nameof(TemplateChecks.FunctionApp) },
        { "modules/functionapp.bicep", "version: '10.0'", "version: '8.0'", nameof(TemplateChecks.FunctionApp) },
        { "modules/functionapp.bicep", "AzureWebJobsStorage__credential: 'managedidentity'", "AzureWebJobsStorage__credential: 'connectionstring'", nameof(TemplateChecks.AppSettings) },
        {
            // Key Vault Secrets User swapped for Key Vault Secrets Officer: the app must not write secrets.
            "modules/rbac.bicep", "var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'",
            "var keyVaultSecretsUser = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'", nameof(TemplateChecks.RoleAssignments)
        },
        { "modules/rbac.bicep", "principalType: 'ServicePrincipal'", "principalType: 'User'", nameof(TemplateChecks.RoleAssignments) },
        {
            // The scale grant widened to the namespace: Manage on every queue, topic and subscription.
            "modules/rbac.bicep", "scope: serviceBus::writesQueue", "scope: serviceBus", nameof(TemplateChecks.RoleAssignments)
        },
        {
            // The queue (and with it the scale grant, which imports its name) renamed away from the trigger's p21-writes.
            "modules/servicebus.bicep", "var writesQueueName = 'p21-writes'", "var writesQueueName = 'p21-orders'", nameof(TemplateChecks.RoleAssignments)
        },
        {
            // Data Receiver swapped for Data Owner on the namespace: namespace-wide Manage.
            "modules/rbac.bicep", "var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'",
            "var serviceBusDataReceiver = '090c5cfd-751d-490a-894a-3ce6f1109419'", nameof(TemplateChecks.RoleAssignments)
        },
        {
            // Data Receiver narrowed to the queue: an exact-scope check, not a substring match, must notice.
            "modules/rbac.bicep", "name: guid(serviceBus.id, identityPrincipalId, serviceBusDataReceiver)\n  scope: serviceBus\n",
            "name: guid(serviceBus.id, identityPrincipalId, serviceBusDataReceiver)\n  scope: serviceBus::writesQueue\n", nameof(TemplateChecks.RoleAssignments)
        },
        {
            // The classic shortcut: a key-based host storage connection string.
            "modules/functionapp.bicep", "AzureWebJobsStorage__accountName: storage.name",
            "AzureWebJobsStorage__accountName: storage.name\n  AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value}'",
            nameof(TemplateChecks.SecretLeaks)
        },
        {
            "main.bicep", "output AZURE_IDENTITY_CLIENT_ID string",
            "output AZURE_APPINSIGHTS_CONNECTION_STRING string = reference(resourceId('Microsoft.Insights/components', applicationInsightsName), '2020-02-02').ConnectionString\n\noutput AZURE_IDENTITY_CLIENT_ID string",
            nameof(TemplateChecks.Outputs)
        },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_MutatedModule_ReportsTheMistake(string file, string original, string broken, string check)
    {
        using var copy = InfraCopy.Create();
        copy.Replace(file, original, broken);

        var template = JsonNode.Parse(BicepCli.Build(copy.PathOf("main.bicep")))!;

        Assert.NotEmpty(Run(check, template));
    }

    private static IReadOnlyList<string> Run(string check, JsonNode template) => check switch
    {
        nameof(TemplateChecks.Storage) => TemplateChecks.Storage(template),
        nameof(TemplateChecks.ServiceBus) => TemplateChecks.ServiceBus(template),
        nameof(TemplateChecks.KeyVault) => TemplateChecks.KeyVault(template),
        nameof(TemplateChecks.Monitoring) => TemplateChecks.Monitoring(template),
        nameof(TemplateChecks.FunctionApp) => TemplateChecks.FunctionApp(template),
        nameof(TemplateChecks.AppSettings) => TemplateChecks.AppSettings(template),
        nameof(TemplateChecks.RoleAssignments) => TemplateChecks.RoleAssignments(template),
        nameof(TemplateChecks.SecretLeaks) => TemplateChecks.SecretLeaks(template),
        nameof(TemplateChecks.Outputs) => TemplateChecks.Outputs(template),
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, "unknown check"),
    };
}
