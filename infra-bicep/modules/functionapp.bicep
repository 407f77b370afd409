metadata description = 'Flex Consumption (FC1) plan and the Linux function app: .NET 10 isolated, user-assigned identity for everything, identity-based settings only.'

import { tagSet, p21Connection, pushPlatform, amazonSeller } from '../types.bicep'

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan.')
param tags tagSet = {}

@description('Tags for the site; azd finds the service by azd-service-name.')
param siteTags tagSet = {}

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account for host storage, deployment package, tables and the change queue.')
param storageAccountName string

@description('Blob container the plan deploys the package from.')
param deploymentContainerName string

@description('Service Bus namespace name.')
param serviceBusNamespaceName string

@description('Key Vault name.')
param keyVaultName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('P21 connections: names, URLs and the NAMES of their Key Vault secrets.')
param p21Connections p21Connection[]

@description('Poll schedule per entity (6-field NCRONTAB), already merged with defaults.')
param pollSchedules tagSet

@description('Push platforms with a subscription; the push functions of the others are disabled.')
param pushPlatforms pushPlatform[] = []

@description('Schedule (6-field NCRONTAB) of the SchemaDrift timer that compares the live P21 schema with the stored snapshot.')
param schemaDriftSchedule string = '0 0 6 * * *'

@description('The Amazon seller the AmazonOrders, AmazonSettlements and AmazonReturns timers pull from; without one those functions are disabled.')
param amazon amazonSeller?

@description('Schedule (6-field NCRONTAB) of the AmazonOrders timer that pulls Amazon orders into the write queue.')
param amazonOrdersSchedule string = '0 */10 * * * *'

@description('Schedule (6-field NCRONTAB) of the AmazonSettlements timer that pulls settlement reports into the write queue.')
param amazonSettlementsSchedule string = '0 0 */6 * * *'

@description('Schedule (6-field NCRONTAB) of the AmazonReturns timer: each run requests the FBA customer returns report or reads the one requested before.')
param amazonReturnsSchedule string = '0 */30 * * * *'

@description('CIDR ranges allowed to call the app; empty leaves it open to the internet (function keys still apply).')
param allowedCidrs string[] = []

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances. Each instance runs its own P21 write limiter, so this also bounds load on P21.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty = none.')
param virtualNetworkSubnetId string = ''

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// serviceBusEndpoint is 'https://<ns>.servicebus.windows.net:443/'; the SDK wants the bare host name.
var serviceBusFqdn = split(replace(serviceBus.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

// Identity-based connections (Learn functions-reference#configure-an-identity-based-connection): never a key.
var platformSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  ServiceBus__fullyQualifiedNamespace: serviceBusFqdn
  ServiceBus__credential: 'managedidentity'
  ServiceBus__clientId: identityClientId
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Storage__QueueServiceUri: storage.properties.primaryEndpoints.queue
  Storage__Credential: 'managedidentity'
  Storage__ClientId: identityClientId
  KeyVault__VaultUri: vault.properties.vaultUri
  // DefaultAzureCredential picks the user-assigned identity from this.
  AZURE_CLIENT_ID: identityClientId
  // With DisableLocalAuth the connection string only locates the component; ingestion needs the Entra ID token below.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// P21__Connections__<name>__* binds to P21ConnectionOptions (section P21:Connections:<name>).
var connectionSettingList = flatten(map(p21Connections, c => [
  { key: 'P21__Connections__${c.name}__BaseUrl', value: c.baseUrl }
  { key: 'P21__Connections__${c.name}__AuthMode', value: c.authMode }
  { key: 'P21__Connections__${c.name}__UserName', value: c.?userName ?? '' }
  {
    key: c.authMode == 'ConsumerKey'
      ? 'P21__Connections__${c.name}__ConsumerKeySecretName'
      : 'P21__Connections__${c.name}__PasswordSecretName'
    value: c.secretName
  }
  { key: 'P21__Connections__${c.name}__ServerUtcOffset', value: c.?serverUtcOffset ?? '00:00:00' }
]))

// The app reads secrets from Key Vault itself (KeyVault__VaultUri, re-read after a 401). The references below also
// expose each secret as setting Secrets:<name>. App setting names allow only letters, digits, '.' and '_', and Key
// Vault names allow '-', so '-' becomes '_' in the setting name (p21-main-password -> Secrets__p21_main_password).
var secretReferenceList = map(p21Connections, c => {
  key: 'Secrets__${replace(c.secretName, '-', '_')}'
  value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${c.secretName})'
})

var pollSettingList = map(items(pollSchedules), s => { key: 'Poll__${s.key}__Schedule', value: s.value })

// A trigger on a subscription that does not exist fails its listener over and over; switch those functions off.
var allPushPlatforms = ['Shopify', 'BigCommerce', 'WooCommerce', 'Amazon']
var pushDisabledList = map(
  filter(allPushPlatforms, p => !contains(pushPlatforms, p)),
  p => { key: 'AzureWebJobs.Push${p}.Disabled', value: 'true' }
)

// Amazon__* binds to AmazonOptions; the secrets are read from Key Vault by name, like the P21 connections' secrets.
var amazonSettingList = amazon == null
  ? []
  : concat(
      [
        { key: 'Amazon__Region', value: amazon.?region ?? '' }
        { key: 'Amazon__ClientId', value: amazon.?clientId ?? '' }
        { key: 'Amazon__ClientSecretName', value: amazon.?lwaSecretName ?? 'amazon-lwa-client-secret' }
        { key: 'Amazon__RefreshTokenName', value: amazon.?refreshTokenSecretName ?? 'amazon-refresh-token' }
        { key: 'Amazon__Orders__RestrictedData', value: string(amazon.?restrictedData ?? false) }
      ],
      map(
        range(0, length(amazon.?marketplaceIds ?? [])),
        i => { key: 'Amazon__MarketplaceIds__${i}', value: amazon.?marketplaceIds[i] ?? '' }
      )
    )

var appSettings = union(
  platformSettings,
  toObject(filter(connectionSettingList, s => !empty(s.value)), s => s.key, s => s.value),
  toObject(secretReferenceList, s => s.key, s => s.value),
  toObject(pollSettingList, s => s.key, s => s.value),
  { Schema__Drift__Schedule: schemaDriftSchedule },
  toObject(pushDisabledList, s => s.key, s => s.value),
  {
    Amazon__Orders__Schedule: amazonOrdersSchedule
    Amazon__Settlements__Schedule: amazonSettlementsSchedule
    Amazon__Returns__Schedule: amazonReturnsSchedule
  },
  toObject(amazonSettingList, s => s.key, s => s.value),
  amazon == null
    ? {
        'AzureWebJobs.AmazonOrders.Disabled': 'true'
        'AzureWebJobs.AmazonSettlements.Disabled': 'true'
        'AzureWebJobs.AmazonReturns.Disabled': 'true'
      }
    : {}
)

var ipSecurityRestrictions = [
  for (cidr, i) in allowedCidrs: {
    name: 'allowed-${i}'
    ipAddress: cidr
    action: 'Allow'
    priority: 100 + i
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: siteTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity, not a (non-existent) system identity.
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      ipSecurityRestrictions: ipSecurityRestrictions
      ipSecurityRestrictionsDefaultAction: empty(allowedCidrs) ? 'Allow' : 'Deny'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // azd and the Functions deploy API use Entra ID; basic (publishing-profile) credentials stay off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('Function app name.')
output name string = site.name

@description('Default host name, e.g. func-xyz.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
