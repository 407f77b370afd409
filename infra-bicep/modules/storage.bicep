metadata description = 'Storage account: Functions host storage, the Flex deployment container, the connector tables and the optional storage-queue sink. Identity access only.'

import { tagSet } from '../types.bicep'

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Blob container the Flex Consumption plan deploys the app package from.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Disabled when private endpoints carry all traffic.')
param publicNetworkAccess ('Enabled' | 'Disabled') = 'Enabled'

// The connector's own tables (design.md, Storage); every partition key starts with the connection name.
var tableNames = [
  'Watermarks'
  'Fingerprints'
  'Mappings'
  'Ledger'
  'Parked'
  'SchemaSnapshots'
]

// Queue for the optional storage-queue change sink (the default sink is the Service Bus topic).
var changeQueueName = 'p21-changes'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource changeQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: changeQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

@description('Storage account resource id.')
output id string = storage.id

@description('Storage account name.')
output name string = storage.name

@description('Deployment container name.')
output deploymentContainerName string = deploymentContainer.name

@description('Name of the storage queue for the optional change sink.')
output changeQueueName string = changeQueue.name

@description('Names of the connector tables.')
output tableNames string[] = [for (tableName, i) in tableNames: tables[i].name]
