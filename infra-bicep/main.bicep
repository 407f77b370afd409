metadata description = 'P21 connector: Flex Consumption function app with storage, Service Bus, Key Vault, monitoring and least-privilege RBAC, all reached with one user-assigned identity.'

targetScope = 'resourceGroup'

import { p21Connection, pollScheduleOverrides, deployerPrincipal, pushPlatform, amazonSeller } from 'types.bicep'

@description('azd environment name (AZURE_ENV_NAME); part of every resource name and the azd-env-name tag.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('P21 installations to connect. Each names its Key Vault secret; the secret value is set after deployment.')
param p21Connections p21Connection[] = []

@description('Per-entity poll schedules that replace the defaults (6-field NCRONTAB).')
param pollSchedules pollScheduleOverrides = {}

@description('Storefront platforms the push flow updates (subscription push-{platform}, function Push{Platform}); the others stay disabled. Their stores are set as Push__Targets__{name}__* app settings, see docs/push.md.')
param pushPlatforms pushPlatform[] = []

@description('The Amazon seller whose orders and settlement reports the AmazonOrders and AmazonSettlements timers pull (see docs/amazon.md); omit it and those functions stay disabled. Set the Key Vault secrets amazon-lwa-client-secret and amazon-refresh-token after deployment.')
param amazon amazonSeller?

@description('CIDR ranges allowed to reach the function app, e.g. ["203.0.113.0/24"]; empty = open to the internet.')
param allowedCidrs string[] = []

@description('Put storage, Service Bus (upgraded to Premium) and Key Vault behind private endpoints and integrate the app with the VNet.')
param enablePrivateEndpoints bool = false

@description('Key Vault public network access. Keep Enabled until the P21 secret is set from your machine.')
param keyVaultPublicNetworkAccess ('Enabled' | 'Disabled') = 'Enabled'

@description('Optional deployer granted Key Vault Secrets Officer so they can set the P21 secret.')
param deployer deployerPrincipal?

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on Flex Consumption instances; also bounds the total write load on P21.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

// Abbreviations after learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations.
var abbrs = {
  functionApp: 'func-'
  appServicePlan: 'plan-'
  storageAccount: 'st'
  serviceBusNamespace: 'sb-'
  keyVault: 'kv-'
  logAnalyticsWorkspace: 'log-'
  applicationInsights: 'appi-'
  managedIdentity: 'id-'
  virtualNetwork: 'vnet-'
}

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are computed here, not read back from module outputs, so What-If can predict every resource.
var functionAppName = '${abbrs.functionApp}${resourceToken}'
var identityName = '${abbrs.managedIdentity}${resourceToken}'
var storageAccountName = '${abbrs.storageAccount}${resourceToken}'
var serviceBusNamespaceName = '${abbrs.serviceBusNamespace}${resourceToken}'
var keyVaultName = '${abbrs.keyVault}${resourceToken}'
var applicationInsightsName = '${abbrs.applicationInsights}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Defaults: stock and orders move fastest; reference data changes slowly. Overrides win key by key.
var defaultPollSchedules = {
  Customers: '0 */15 * * * *'
  Items: '0 */15 * * * *'
  Inventory: '0 */5 * * * *'
  Prices: '0 0 * * * *'
  Vendors: '0 0 */6 * * *'
  PurchaseOrders: '0 */15 * * * *'
  SalesOrders: '0 */5 * * * *'
  Shipments: '0 */5 * * * *'
  Invoices: '0 */15 * * * *'
}
var effectivePollSchedules = union(defaultPollSchedules, pollSchedules)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    publicNetworkAccess: enablePrivateEndpoints ? 'Disabled' : 'Enabled'
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: serviceBusNamespaceName
    location: location
    tags: tags
    // Service Bus private endpoints exist only on Premium.
    skuName: enablePrivateEndpoints ? 'Premium' : 'Standard'
    publicNetworkAccess: enablePrivateEndpoints ? 'Disabled' : 'Enabled'
    pushPlatforms: pushPlatforms
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    publicNetworkAccess: keyVaultPublicNetworkAccess
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: '${abbrs.logAnalyticsWorkspace}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module network 'modules/privateendpoints.bicep' = if (enablePrivateEndpoints) {
  name: 'network'
  params: {
    vnetName: '${abbrs.virtualNetwork}${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
    serviceBusNamespaceId: serviceBus.outputs.id
    keyVaultId: keyVault.outputs.id
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    // The principal id exists only once the identity does, so What-If cannot predict these assignment names.
    // Accepted on purpose: naming assignments by principal id (not identity resource id) keeps a re-created
    // identity from colliding with a stale assignment of the same name.
    #disable-next-line what-if-short-circuiting
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    deployer: deployer
  }
  dependsOn: [
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: '${abbrs.appServicePlan}${resourceToken}'
    location: location
    tags: tags
    siteTags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    serviceBusNamespaceName: serviceBusNamespaceName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    p21Connections: p21Connections
    pollSchedules: effectivePollSchedules
    pushPlatforms: pushPlatforms
    amazon: amazon
    allowedCidrs: allowedCidrs
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    virtualNetworkSubnetId: network.?outputs.appSubnetId ?? ''
  }
  // The host starts as soon as the site exists; its identity must already hold the storage and vault roles.
  dependsOn: [
    monitoring
    rbac
  ]
}

// Names and endpoints only: azd stores every output in .azure/<env>/.env.
@description('Function app name.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Function app default host name.')
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName

@description('Key Vault name (for az keyvault secret set --vault-name).')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Key Vault URI.')
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri

@description('Service Bus namespace name.')
output AZURE_SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name

@description('Storage account name.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Client id of the app\'s user-assigned identity.')
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
