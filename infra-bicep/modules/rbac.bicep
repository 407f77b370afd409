metadata description = 'Least-privilege data-plane roles for the app identity, and optionally Key Vault Secrets Officer for the deployer.'

import { deployerPrincipal } from '../types.bicep'
import { writesQueueName } from 'servicebus.bicep'

@description('Principal (object) id of the app\'s user-assigned identity.')
param identityPrincipalId string

@description('Storage account that holds host storage, the deployment container, the tables and the change queue.')
param storageAccountName string

@description('Service Bus namespace.')
param serviceBusNamespaceName string

@description('Key Vault with the P21 secrets.')
param keyVaultName string

@description('Application Insights component.')
param applicationInsightsName string

@description('Optional deployer who gets Key Vault Secrets Officer to set the P21 secret; null grants nothing.')
param deployer deployerPrincipal?

// Built-in role definition ids (identical in every subscription; learn.microsoft.com/azure/role-based-access-control/built-in-roles).
// Storage Blob Data Owner: host storage with identity (timer/singleton blob leases, host keys) and the Flex deployment package.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Queue Data Contributor: the optional storage-queue change sink.
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Table Data Contributor: Watermarks, Fingerprints, Mappings, Ledger, Parked, SchemaSnapshots.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Azure Service Bus Data Sender: enqueue write commands, publish change events.
var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
// Azure Service Bus Data Receiver: the p21-writes trigger.
var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
// Azure Service Bus Data Owner, on the p21-writes queue ONLY: Flex Consumption's target-based scaling reads the queue's
// message count, which needs Manage rights on the entity; with Listen (Data Receiver) alone the platform cannot use the
// queue length for scale decisions (learn.microsoft.com/azure/azure-functions/functions-target-based-scaling, "Scale
// efficiency"; Azure/azure-functions-host#1048). The app itself never manages entities. Trade-off in docs/deploy.md.
var serviceBusDataOwner = '090c5cfd-751d-490a-894a-3ce6f1109419'
// Key Vault Secrets User: read secret values (RBAC-model vaults only).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer: create and rotate secrets; deployer only, never the app.
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// Monitoring Metrics Publisher: Entra ID-authenticated telemetry ingestion (App Insights has local auth disabled).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName

  resource writesQueue 'queues' existing = {
    name: writesQueueName
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// One assignment per role, written out, so a reviewer (and tests/P21.Infra.Tests) can see each grant.
resource storageBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityPrincipalId, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource storageQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityPrincipalId, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource storageTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityPrincipalId, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identityPrincipalId, serviceBusDataSender)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identityPrincipalId, serviceBusDataReceiver)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiver)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Manage on one entity, not the namespace: Data Owner at this scope can read and change p21-writes (its runtime properties,
// its settings, even delete it) and send/receive on it, but nothing on p21-changes, its subscriptions or the namespace.
// It duplicates the namespace-wide Sender and Receiver on this one queue; those stay as they are, so this grant is purely
// additive: removing it (the documented alternative) costs scale accuracy only, never the trigger's right to receive.
resource serviceBusWritesQueueOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::writesQueue.id, identityPrincipalId, serviceBusDataOwner)
  scope: serviceBus::writesQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployer.?principalId ?? '')) {
  name: guid(vault.id, deployer.?principalId ?? '', keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: deployer.?principalId ?? ''
    principalType: deployer.?principalType ?? 'User'
  }
}
