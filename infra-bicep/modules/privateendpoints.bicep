metadata description = 'Optional network isolation: a VNet with an app-integration subnet and private endpoints (plus private DNS) for storage, Service Bus and Key Vault.'

import { tagSet } from '../types.bicep'

@description('Virtual network name.')
param vnetName string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Storage account resource id (blob, queue and table endpoints get private endpoints).')
param storageAccountId string

@description('Service Bus namespace resource id (must be Premium for a private endpoint).')
param serviceBusNamespaceId string

@description('Key Vault resource id.')
param keyVaultId string

@description('VNet address space.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet for Flex Consumption VNet integration (delegated to Microsoft.App/environments).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet for the private endpoints.')
param endpointSubnetPrefix string = '10.40.2.0/24'

// Private DNS zone names are fixed by each service (learn.microsoft.com/azure/private-link/private-endpoint-dns).
var storageSuffix = environment().suffixes.storage
var endpoints = [
  { name: 'blob', targetId: storageAccountId, groupId: 'blob', zone: 'privatelink.blob.${storageSuffix}' }
  { name: 'queue', targetId: storageAccountId, groupId: 'queue', zone: 'privatelink.queue.${storageSuffix}' }
  { name: 'table', targetId: storageAccountId, groupId: 'table', zone: 'privatelink.table.${storageSuffix}' }
  { name: 'sb', targetId: serviceBusNamespaceId, groupId: 'namespace', zone: 'privatelink.servicebus.windows.net' }
  { name: 'kv', targetId: keyVaultId, groupId: 'vault', zone: 'privatelink.vaultcore.azure.net' }
]

resource vnet 'Microsoft.Network/virtualNetworks@2025-07-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: endpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'app'
  }

  resource endpointSubnet 'subnets' existing = {
    name: 'private-endpoints'
  }
}

module privateEndpoints 'privateendpoint.bicep' = [
  for e in endpoints: {
    name: 'pe-${e.name}-${uniqueString(e.targetId)}'
    params: {
      name: 'pe-${e.name}-${last(split(e.targetId, '/'))}'
      location: location
      tags: tags
      targetResourceId: e.targetId
      groupId: e.groupId
      privateDnsZoneName: e.zone
      vnetId: vnet.id
      subnetId: vnet::endpointSubnet.id
    }
  }
]

@description('Subnet id for the function app\'s VNet integration.')
output appSubnetId string = vnet::appSubnet.id

@description('Virtual network id.')
output vnetId string = vnet.id
