metadata description = 'Subscription-scope entry: creates the resource group when asked, then deploys main.bicep into it (for az deployment sub create; azd uses main.bicep directly).'

targetScope = 'subscription'

import { p21Connection, pollScheduleOverrides, deployerPrincipal } from 'types.bicep'

@description('Environment name; part of every resource name.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Azure region for the resource group and every resource.')
param location string = deployment().location

@description('Resource group to deploy into.')
@minLength(1)
@maxLength(90)
param resourceGroupName string = 'rg-${environmentName}'

@description('Create the resource group (true) or deploy into an existing one (false).')
param createResourceGroup bool = true

@description('P21 installations to connect (see main.bicep).')
param p21Connections p21Connection[] = []

@description('Per-entity poll schedule overrides (see main.bicep).')
param pollSchedules pollScheduleOverrides = {}

@description('CIDR ranges allowed to reach the function app; empty = open.')
param allowedCidrs string[] = []

@description('Private endpoints for storage, Service Bus (Premium) and Key Vault.')
param enablePrivateEndpoints bool = false

@description('Key Vault public network access.')
param keyVaultPublicNetworkAccess ('Enabled' | 'Disabled') = 'Enabled'

@description('Optional deployer granted Key Vault Secrets Officer.')
param deployer deployerPrincipal?

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

resource group 'Microsoft.Resources/resourceGroups@2025-04-01' = if (createResourceGroup) {
  name: resourceGroupName
  location: location
  tags: {
    'azd-env-name': environmentName
  }
}

module connector 'main.bicep' = {
  name: 'p21-connector-${environmentName}'
  scope: resourceGroup(resourceGroupName)
  params: {
    environmentName: environmentName
    location: location
    p21Connections: p21Connections
    pollSchedules: pollSchedules
    allowedCidrs: allowedCidrs
    enablePrivateEndpoints: enablePrivateEndpoints
    keyVaultPublicNetworkAccess: keyVaultPublicNetworkAccess
    deployer: deployer
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  dependsOn: [
    // The group is referenced by name (it may already exist), so the ordering is explicit.
    group
  ]
}

@description('Resource group name.')
output AZURE_RESOURCE_GROUP string = resourceGroupName

@description('Function app name.')
output AZURE_FUNCTION_APP_NAME string = connector.outputs.AZURE_FUNCTION_APP_NAME

@description('Function app default host name.')
output AZURE_FUNCTION_APP_HOSTNAME string = connector.outputs.AZURE_FUNCTION_APP_HOSTNAME

@description('Key Vault name.')
output AZURE_KEY_VAULT_NAME string = connector.outputs.AZURE_KEY_VAULT_NAME

@description('Key Vault URI.')
output AZURE_KEY_VAULT_URI string = connector.outputs.AZURE_KEY_VAULT_URI

@description('Service Bus namespace name.')
output AZURE_SERVICE_BUS_NAMESPACE string = connector.outputs.AZURE_SERVICE_BUS_NAMESPACE

@description('Storage account name.')
output AZURE_STORAGE_ACCOUNT_NAME string = connector.outputs.AZURE_STORAGE_ACCOUNT_NAME

@description('Client id of the app\'s user-assigned identity.')
output AZURE_IDENTITY_CLIENT_ID string = connector.outputs.AZURE_IDENTITY_CLIENT_ID
