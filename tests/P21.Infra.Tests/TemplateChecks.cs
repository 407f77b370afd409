using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>
/// The security and shape rules the deployment must keep, each returning what it found wrong (empty = good).
/// Tests run them on the real templates (expect none) and on deliberately broken copies (expect some).
/// </summary>
internal static partial class TemplateChecks
{
    /// <summary>Azure Service Bus Data Owner: Manage rights, for Flex Consumption's target-based scaling; the p21-writes queue only.</summary>
    public const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";

    /// <summary>The one queue the app identity may hold Manage on (the Service Bus trigger's queue).</summary>
    public const string WritesQueue = "p21-writes";

    /// <summary>
    /// Built-in roles the app identity must hold, each with the exact resource type of its scope and, for a scope below
    /// the top-level resource, the entity's name (null: any name, i.e. the deployment's own resource of that type).
    /// </summary>
    public static readonly IReadOnlyList<(string Role, string Guid, string ScopeType, string? EntityName)> ExpectedAppRoles =
    [
        ("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts", null),
        ("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts", null),
        ("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts", null),
        ("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces", null),
        ("Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Microsoft.ServiceBus/namespaces", null),
        ("Azure Service Bus Data Owner", ServiceBusDataOwner, "Microsoft.ServiceBus/namespaces/queues", WritesQueue),
        ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults", null),
        ("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components", null),
    ];

    /// <summary>The only roles the app identity holds on the whole Service Bus namespace: send and receive, never Manage.</summary>
    public static readonly IReadOnlyList<string> NamespaceWideServiceBusRoles =
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"];

    /// <summary>Key Vault Secrets Officer: only ever for the optional deployer.</summary>
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    public static readonly IReadOnlyList<string> ExpectedTables =
        ["Watermarks", "Fingerprints", "Mappings", "Ledger", "Parked", "SchemaSnapshots"];

    /// <summary>Identity-based settings the app needs; each pair is (setting, literal value or null for "present").</summary>
    public static readonly IReadOnlyList<(string Name, string? Value)> ExpectedAppSettings =
    [
        ("AzureWebJobsStorage__accountName", null),
        ("AzureWebJobsStorage__credential", "managedidentity"),
        ("AzureWebJobsStorage__clientId", null),
        ("ServiceBus__fullyQualifiedNamespace", null),
        ("ServiceBus__credential", "managedidentity"),
        ("ServiceBus__clientId", null),
        ("Storage__TableServiceUri", null),
        ("Storage__QueueServiceUri", null),
        ("Storage__Credential", "managedidentity"),
        ("Storage__ClientId", null),
        ("KeyVault__VaultUri", null),
        ("AZURE_CLIENT_ID", null),
        ("APPLICATIONINSIGHTS_CONNECTION_STRING", null),
        ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", null),
        ("Schema__Drift__Schedule", null),
        ("Amazon__Orders__Schedule", null),
        ("AzureWebJobs.AmazonOrders.Disabled", "true"),
        ("Amazon__Settlements__Schedule", null),
        ("AzureWebJobs.AmazonSettlements.Disabled", "true"),
        ("Amazon__Returns__Schedule", null),
        ("AzureWebJobs.AmazonReturns.Disabled", "true"),
    ];

    public static IReadOnlyList<string> Storage(JsonNode template)
    {
        var problems = new List<string>();
        var accounts = Deployed(template, "Microsoft.Storage/storageAccounts");
        Expect(problems, accounts.Count == 1, $"expected 1 storage account, found {accounts.Count}");
        foreach (var account in accounts)
        {
            ExpectValue(problems, account, "allowSharedKeyAccess", false);
            ExpectValue(problems, account, "minimumTlsVersion", "TLS1_2");
            ExpectValue(problems, account, "allowBlobPublicAccess", false);
            ExpectValue(problems, account, "supportsHttpsTrafficOnly", true);
        }

        var tables = Deployed(template, "Microsoft.Storage/storageAccounts/tableServices/tables");
        var tableNames = tables.SelectMany(t => t.Variables["tableNames"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).ToHashSet();
        foreach (var expected in ExpectedTables)
        {
            Expect(problems, tableNames.Contains(expected), $"table {expected} is not created");
        }

        Expect(problems, Deployed(template, "Microsoft.Storage/storageAccounts/queueServices/queues")
            .Any(q => q.ResolveVariables(Text(q.Node["name"])).Contains("p21-changes", StringComparison.Ordinal)), "queue p21-changes is not created");
        Expect(problems, Deployed(template, "Microsoft.Storage/storageAccounts/blobServices/containers").Count == 1, "deployment container is not created");
        return problems;
    }

    public static IReadOnlyList<string> ServiceBus(JsonNode template)
    {
        var problems = new List<string>();
        var namespaces = Deployed(template, "Microsoft.ServiceBus/namespaces");
        Expect(problems, namespaces.Count == 1, $"expected 1 Service Bus namespace, found {namespaces.Count}");
        foreach (var ns in namespaces)
        {
            ExpectValue(problems, ns, "disableLocalAuth", true);
            ExpectValue(problems, ns, "minimumTlsVersion", "1.2");
        }

        var queues = Deployed(template, "Microsoft.ServiceBus/namespaces/queues");
        Expect(problems, queues.Any(q => q.ResolveVariables(Text(q.Node["name"])).Contains("p21-writes", StringComparison.Ordinal)), "queue p21-writes is missing");
        foreach (var queue in queues)
        {
            ExpectValue(problems, queue, "requiresDuplicateDetection", true);
            ExpectValue(problems, queue, "duplicateDetectionHistoryTimeWindow", "PT1H");
            ExpectValue(problems, queue, "lockDuration", "PT5M");
            ExpectValue(problems, queue, "maxDeliveryCount", 10);
            ExpectValue(problems, queue, "deadLetteringOnMessageExpiration", true);
        }

        var topics = Deployed(template, "Microsoft.ServiceBus/namespaces/topics");
        Expect(problems, topics.Any(t => t.ResolveVariables(Text(t.Node["name"])).Contains("p21-changes", StringComparison.Ordinal)), "topic p21-changes is missing");
        foreach (var topic in topics)
        {
            ExpectValue(problems, topic, "requiresDuplicateDetection", true);
        }

        var subscriptions = Deployed(template, "Microsoft.ServiceBus/namespaces/topics/subscriptions");
        Expect(problems, subscriptions.Count >= 1, "the change topic has no subscription");
        foreach (var subscription in subscriptions)
        {
            ExpectValue(problems, subscription, "lockDuration", "PT5M");
            ExpectValue(problems, subscription, "maxDeliveryCount", 10);
            ExpectValue(problems, subscription, "deadLetteringOnMessageExpiration", true);
        }

        return problems;
    }

    public static IReadOnlyList<string> KeyVault(JsonNode template)
    {
        var problems = new List<string>();
        var vaults = Deployed(template, "Microsoft.KeyVault/vaults");
        Expect(problems, vaults.Count == 1, $"expected 1 vault, found {vaults.Count}");
        foreach (var vault in vaults)
        {
            ExpectValue(problems, vault, "enableRbacAuthorization", true);
            ExpectValue(problems, vault, "enablePurgeProtection", true);
            ExpectValue(problems, vault, "enableSoftDelete", true);
            ExpectValue(problems, vault, "softDeleteRetentionInDays", 90);
        }

        return problems;
    }

    public static IReadOnlyList<string> Monitoring(JsonNode template)
    {
        var problems = new List<string>();
        var components = Deployed(template, "Microsoft.Insights/components");
        Expect(problems, components.Count == 1, $"expected 1 Application Insights component, found {components.Count}");
        foreach (var component in components)
        {
            ExpectValue(problems, component, "DisableLocalAuth", true);
            Expect(problems, component.Properties["WorkspaceResourceId"] is not null, "Application Insights is not workspace-based");
        }

        return problems;
    }

    public static IReadOnlyList<string> FunctionApp(JsonNode template)
    {
        var problems = new List<string>();
        var plans = Deployed(template, "Microsoft.Web/serverfarms");
        Expect(problems, plans.Count == 1 && Text(plans[0].Node["sku"]?["name"]) == "FC1", "the plan is not Flex Consumption FC1");

        var sites = Deployed(template, "Microsoft.Web/sites");
        Expect(problems, sites.Count == 1, $"expected 1 site, found {sites.Count}");
        foreach (var site in sites)
        {
            Expect(problems, Text(site.Node["kind"]) == "functionapp,linux", "site kind is not functionapp,linux");
            Expect(problems, Text(site.Node["identity"]?["type"]) == "UserAssigned", "site identity is not user-assigned");
            ExpectValue(problems, site, "httpsOnly", true);
            Expect(problems, !string.IsNullOrEmpty(Text(site.Properties["keyVaultReferenceIdentity"])), "keyVaultReferenceIdentity is not set");
            var siteConfig = site.Properties["siteConfig"];
            Expect(problems, Text(siteConfig?["ftpsState"]) == "Disabled", "ftpsState is not Disabled");
            Expect(problems, Text(siteConfig?["minTlsVersion"]) == "1.2", "minTlsVersion is not 1.2");
            Expect(problems, siteConfig?["http20Enabled"]?.GetValue<bool>() == true, "http20Enabled is not true");
            var config = site.Properties["functionAppConfig"];
            Expect(problems, Text(config?["runtime"]?["name"]) == "dotnet-isolated", "runtime is not dotnet-isolated");
            Expect(problems, Text(config?["runtime"]?["version"]) == "10.0", "runtime version is not 10.0");
            Expect(problems, Text(config?["deployment"]?["storage"]?["authentication"]?["type"]) == "UserAssignedIdentity",
                "deployment storage does not authenticate with the user-assigned identity");
        }

        return problems;
    }

    /// <summary>The app settings are one ARM expression; the setting names and literal values appear in its text.</summary>
    public static IReadOnlyList<string> AppSettings(JsonNode template)
    {
        var problems = new List<string>();
        var settings = Deployed(template, "Microsoft.Web/sites/config");
        Expect(problems, settings.Count == 1, $"expected 1 appsettings resource, found {settings.Count}");
        if (settings.Count != 1)
        {
            return problems;
        }

        // The module template that holds the site: its variables build the P21 and poll settings.
        var text = Text(settings[0].Node["properties"]) + settings[0].Variables.ToJsonString();
        foreach (var (name, value) in ExpectedAppSettings)
        {
            var expected = value is null ? $"'{name}'" : $"'{name}', '{value}'";
            Expect(problems, text.Contains(expected, StringComparison.Ordinal), $"app setting {name} missing (looked for {expected})");
        }

        foreach (var pattern in new[]
                 {
                     "P21__Connections__{0}__BaseUrl", "P21__Connections__{0}__AuthMode", "P21__Connections__{0}__UserName",
                     "P21__Connections__{0}__PasswordSecretName", "P21__Connections__{0}__ConsumerKeySecretName",
                     "P21__Connections__{0}__ServerUtcOffset", "Secrets__{0}", "@Microsoft.KeyVault(VaultName={0};SecretName={1})",
                     "Poll__{0}__Schedule", "ClientId={0};Authorization=AAD",
                     "Amazon__MarketplaceIds__{0}", "Amazon__ClientId", "Amazon__RefreshTokenName", "Amazon__ClientSecretName", "Amazon__Region",
                 })
        {
            Expect(problems, text.Contains(pattern, StringComparison.Ordinal), $"app setting pattern {pattern} missing");
        }

        // Flex Consumption takes the runtime from functionAppConfig; a key-based host storage setting would bypass identity.
        Expect(problems, !text.Contains("'FUNCTIONS_WORKER_RUNTIME'", StringComparison.Ordinal), "FUNCTIONS_WORKER_RUNTIME must not be set on Flex");
        Expect(problems, !text.Contains("'AzureWebJobsStorage',", StringComparison.Ordinal), "AzureWebJobsStorage must be identity-based (__accountName)");
        return problems;
    }

    public static IReadOnlyList<string> RoleAssignments(JsonNode template)
    {
        var problems = new List<string>();
        var assignments = Deployed(template, "Microsoft.Authorization/roleAssignments")
            .Select(a => (Resource: a, RoleId: a.ResolveVariables(Text(a.Properties["roleDefinitionId"])), Scope: Text(a.Node["scope"])))
            .ToList();

        // Every assignment names its scope as one resource; none falls back to the whole resource group.
        foreach (var (resource, roleId, scope) in assignments)
        {
            Expect(problems, resource.Scope is not null, $"role assignment {roleId} has no resourceId(...) scope (scope '{scope}'): it would apply to the resource group");
        }

        foreach (var (role, guid, scopeType, entityName) in ExpectedAppRoles)
        {
            var matches = assignments.Where(a => a.RoleId.Contains(guid, StringComparison.OrdinalIgnoreCase)).ToList();
            Expect(problems, matches.Count == 1, $"{role} ({guid}): expected 1 assignment, found {matches.Count}");
            foreach (var (resource, _, scope) in matches)
            {
                // Exact type: a grant on the namespace must not pass for one on a queue, nor the reverse.
                Expect(problems, resource.Scope?.Type == scopeType, $"{role} is not scoped to exactly {scopeType} (scope {resource.Scope?.ToString() ?? scope})");
                Expect(problems, entityName is null || (resource.Scope?.Names.Count > 1 && resource.Scope.Names[^1] == entityName),
                    $"{role} is not scoped to the {entityName} entity (scope {resource.Scope?.ToString() ?? scope})");
                Expect(problems, Text(resource.Properties["principalType"]) == "ServicePrincipal", $"{role} principalType is not ServicePrincipal");
                Expect(problems, Text(resource.Properties["principalId"]).Contains("identityPrincipalId", StringComparison.Ordinal), $"{role} is not granted to the app identity");
                var name = resource.ResolveVariables(Text(resource.Node["name"]));
                Expect(problems, name.StartsWith("[guid(", StringComparison.Ordinal) && name.Contains("identityPrincipalId", StringComparison.Ordinal) && name.Contains(guid, StringComparison.Ordinal),
                    $"{role} name is not guid(scope, principalId, roleId)");
            }
        }

        var officer = assignments.Where(a => a.RoleId.Contains(KeyVaultSecretsOfficer, StringComparison.OrdinalIgnoreCase)).ToList();
        Expect(problems, officer.Count == 1, $"Key Vault Secrets Officer: expected 1 (deployer) assignment, found {officer.Count}");
        foreach (var (resource, _, scope) in officer)
        {
            Expect(problems, resource.Node["condition"] is not null, "the deployer's Secrets Officer grant is not optional");
            Expect(problems, !Text(resource.Properties["principalId"]).Contains("identityPrincipalId", StringComparison.Ordinal), "the app identity must not be a Secrets Officer");
            Expect(problems, resource.Scope?.Type == "Microsoft.KeyVault/vaults", $"Secrets Officer is not scoped to the vault (scope {scope})");
        }

        // Least privilege: nothing beyond the roles above.
        var allowed = ExpectedAppRoles.Select(r => r.Guid).Append(KeyVaultSecretsOfficer).ToList();
        foreach (var (resource, roleId, _) in assignments)
        {
            Expect(problems, allowed.Any(g => roleId.Contains(g, StringComparison.OrdinalIgnoreCase)), $"unexpected role assignment {roleId}");
        }

        // Nothing namespace-wide beyond send and receive: Manage (Data Owner) lives on one queue, never on the namespace.
        foreach (var (_, roleId, _) in assignments.Where(a => a.Resource.Scope?.Type == "Microsoft.ServiceBus/namespaces"))
        {
            var role = ExpectedAppRoles.FirstOrDefault(r => roleId.Contains(r.Guid, StringComparison.OrdinalIgnoreCase)).Role ?? roleId;
            Expect(problems, NamespaceWideServiceBusRoles.Any(g => roleId.Contains(g, StringComparison.OrdinalIgnoreCase)),
                $"{role} is granted on the whole Service Bus namespace; only Data Sender and Data Receiver may be");
        }

        foreach (var (resource, _, scope) in assignments.Where(a => a.RoleId.Contains(ServiceBusDataOwner, StringComparison.OrdinalIgnoreCase)))
        {
            Expect(problems, resource.Scope is { Type: "Microsoft.ServiceBus/namespaces/queues" } owned && owned.Names[^1] == WritesQueue,
                $"Azure Service Bus Data Owner (Manage) must be scoped to the {WritesQueue} queue only (scope {resource.Scope?.ToString() ?? scope})");
        }

        return problems;
    }

    /// <summary>No key, connection string or key-listing call anywhere in the template.</summary>
    public static IReadOnlyList<string> SecretLeaks(JsonNode template)
    {
        var problems = new List<string>();
        Walk(template, "$", (path, key, value) =>
        {
            if (key is not null && SecretPropertyName().IsMatch(key))
            {
                problems.Add($"{path}: property named like a secret ({key})");
            }

            if (value is not null)
            {
                if (SecretCall().Match(value) is { Success: true } call)
                {
                    problems.Add($"{path}: {call.Value} in {Shorten(value)}");
                }

                // The App Insights connection string is the one allowed: with DisableLocalAuth it only locates the component.
                var withoutAppInsights = value.Replace("reference('applicationInsights').ConnectionString", "", StringComparison.Ordinal);
                if (withoutAppInsights.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) &&
                    !withoutAppInsights.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", StringComparison.Ordinal))
                {
                    problems.Add($"{path}: reads a connection string in {Shorten(value)}");
                }
            }
        });
        return problems;
    }

    /// <summary>Outputs carry names and endpoints only.</summary>
    public static IReadOnlyList<string> Outputs(JsonNode template)
    {
        var problems = new List<string>();
        foreach (var outputs in AllOutputs(template))
        {
            foreach (var (name, output) in outputs)
            {
                if (SecretOutputName().IsMatch(name))
                {
                    problems.Add($"output {name} is named like a secret");
                }

                var value = output?["value"]?.ToJsonString() ?? "";
                if (SecretCall().IsMatch(value) || value.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) ||
                    value.Contains("InstrumentationKey", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"output {name} exposes a secret: {Shorten(value)}");
                }

                if (output?["type"]?.GetValue<string>() is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"output {name} is a secure type: outputs should not carry secrets at all");
                }
            }
        }

        return problems;
    }

    /// <summary>No parameter (or parameter type property) that would carry a secret value.</summary>
    public static IReadOnlyList<string> SecretParameters(JsonNode template)
    {
        var problems = new List<string>();
        Walk(template, "$", (path, key, _) =>
        {
            if (key is not null && (path.EndsWith(".parameters", StringComparison.Ordinal) || path.Contains(".definitions", StringComparison.Ordinal))
                && SecretParameterName().IsMatch(key))
            {
                problems.Add($"{path}.{key}: parameter looks like it carries a secret value");
            }
        });
        return problems;
    }

    private static List<ArmResource> Deployed(JsonNode template, string type) =>
        ArmResource.OfType(template, type).Where(r => r.Node["existing"]?.GetValue<bool>() != true).ToList();

    private static IEnumerable<JsonObject> AllOutputs(JsonNode template)
    {
        if (template["outputs"] is JsonObject outputs)
        {
            yield return outputs;
        }

        foreach (var deployment in ArmResource.OfType(template, "Microsoft.Resources/deployments"))
        {
            if (deployment.Properties["template"]?["outputs"] is JsonObject nested)
            {
                yield return nested;
            }
        }
    }

    private static void ExpectValue(List<string> problems, ArmResource resource, string property, object expected)
    {
        var node = resource.Properties[property];
        // Bicep keeps variables as variables('x'): resolve one level so shared constants are checked too.
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && VariableOnly().Match(s) is { Success: true } m)
        {
            node = resource.Variables[m.Groups[1].Value];
        }

        var actual = node?.ToJsonString();
        var wanted = JsonValue.Create(expected)?.ToJsonString();
        Expect(problems, actual == wanted, $"{resource.Type} {Text(resource.Node["name"])}: {property} is {actual ?? "missing"}, expected {wanted}");
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string Shorten(string value) => value.Length <= 160 ? value : value[..160] + "...";

    private static void Walk(JsonNode? node, string path, Action<string, string?, string?> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    visit(path, key, null);
                    Walk(child, $"{path}.{key}", visit);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", visit);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                visit(path, null, text);
                break;
        }
    }

    [GeneratedRegex(@"(?i)(connectionString|accountKey|sharedAccessKey|primaryKey|secondaryKey|instrumentationKey|password)")]
    private static partial Regex SecretPropertyName();

    [GeneratedRegex(@"(?i)(list[A-Za-z]*Keys?\(|listConnectionStrings\(|listSecrets\(|AccountKey=|SharedAccessKey=|DefaultEndpointsProtocol=)")]
    private static partial Regex SecretCall();

    // Ends in key/secret/password/token (AZURE_KEY_VAULT_NAME is fine), or names a key or connection string anywhere.
    [GeneratedRegex(@"(?i)((key|keys|secret|secrets|password|token)$|accountkey|primarykey|connectionstring|sas)")]
    private static partial Regex SecretOutputName();

    [GeneratedRegex(@"(?i)(password|connectionstring|accountkey|sharedaccesskey|consumerkey$|clientsecret|secretvalue)")]
    private static partial Regex SecretParameterName();

    [GeneratedRegex(@"^\[variables\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex VariableOnly();
}
