metadata description = 'Service Bus namespace: queue p21-writes (inbound write commands) and topic p21-changes (outbound change events). Entra ID only.'

import { tagSet, pushPlatform } from '../types.bicep'

@description('Namespace name (6-50 characters).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Standard is enough for queues, topics and duplicate detection; private endpoints need Premium.')
param skuName ('Standard' | 'Premium') = 'Standard'

@description('Disabled when private endpoints carry all traffic (Premium only).')
param publicNetworkAccess ('Enabled' | 'Disabled') = 'Enabled'

@description('Storefront platforms the push flow updates; each gets subscription push-{platform} on p21-changes.')
param pushPlatforms pushPlatform[] = []

// Exported: rbac.bicep scopes the app's one Manage grant (Data Owner) to this queue by name, and must name the same one.
@export()
var writesQueueName = 'p21-writes'
var changesTopicName = 'p21-changes'
var defaultSubscriptionName = 'default'

// Why PT1H: write commands carry their idempotency key (source + external id) as MessageId, and change events
// have deterministic ids (entity, key, version). Service Bus drops a repeat seen inside the window: platform webhook
// retries within minutes, and a poll re-run after a crash re-reads the 10-minute overlap window and republishes.
// One hour covers both with room to spare; a longer window only costs throughput, and repeats older than an hour
// are still caught by the Ledger table (writes) and by the consumers' own id checks (events).
var duplicateDetectionWindow = 'PT1H'

// The Functions host renews the lock (maxAutoLockRenewalDuration in host.json); PT5M is the service maximum and
// keeps a slow P21 transaction from losing its lock between renewals.
var lockDuration = 'PT5M'

// After 10 deliveries a command is dead-lettered; the app parks permanent failures itself long before that.
var maxDeliveryCount = 10

// Expired messages go to the dead-letter queue instead of vanishing: nothing lost.
var messageTimeToLive = 'P14D'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: skuName == 'Premium' ? 1 : null
  }
  properties: {
    // Entra ID only: no SAS keys, no connection strings.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess
  }
}

resource writesQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: writesQueueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: messageTimeToLive
    requiresSession: false
    enableBatchedOperations: true
  }
}

resource changesTopic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: changesTopicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: messageTimeToLive
    enableBatchedOperations: true
  }
}

// A catch-all subscription so events are retained from day one; consumers add their own filtered subscriptions.
resource defaultSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: changesTopic
  name: defaultSubscriptionName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: messageTimeToLive
  }
}

// What a storefront needs from P21: stock, shipments (tracking) and order status. The change sink sets the message
// Subject (sys.Label) to the CloudEvents type, so the filter runs on the broker and the function never sees the rest.
var pushEventFilter = 'sys.Label IN (\'p21.inventory.changed\', \'p21.shipment.changed\', \'p21.salesorder.changed\')'

// One subscription per platform: a store that throttles or fails delays only its own platform's messages, and its
// dead-letter queue holds only its own failures. Max delivery dead-letters, like every other entity here.
resource pushSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for platform in pushPlatforms: {
    parent: changesTopic
    name: 'push-${toLower(platform)}'
    properties: {
      lockDuration: lockDuration
      maxDeliveryCount: maxDeliveryCount
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      defaultMessageTimeToLive: messageTimeToLive
    }
  }
]

// Named $Default so it replaces the subscription's implicit match-all rule instead of being OR-ed with it.
resource pushFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for (platform, i) in pushPlatforms: {
    parent: pushSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: pushEventFilter
      }
    }
  }
]

@description('Namespace resource id.')
output id string = namespace.id

@description('Namespace name.')
output name string = namespace.name

@description('Write-command queue name.')
output writesQueueName string = writesQueue.name

@description('Change-event topic name.')
output changesTopicName string = changesTopic.name

@description('Default subscription on the change topic.')
output defaultSubscriptionName string = defaultSubscription.name

@description('Push subscriptions on the change topic, one per platform in pushPlatforms.')
output pushSubscriptionNames string[] = [for (platform, i) in pushPlatforms: pushSubscriptions[i].name]
