metadata description = 'One private endpoint with its private DNS zone, VNet link and zone group (used by privateendpoints.bicep).'

import { tagSet } from '../types.bicep'

@description('Private endpoint name.')
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Resource id of the service the endpoint connects to.')
param targetResourceId string

@description('Sub-resource (group id), e.g. blob, queue, table, namespace, vault.')
param groupId string

@description('Private DNS zone name, e.g. privatelink.vaultcore.azure.net.')
param privateDnsZoneName string

@description('Virtual network the zone is linked to.')
param vnetId string

@description('Subnet the endpoint NIC is placed in.')
param subnetId string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: privateDnsZoneName
  location: 'global'
  tags: tags
}

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'vnet-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: groupId
        properties: {
          privateLinkServiceId: targetResourceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-07-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateDnsZoneName, '.', '-')
        properties: {
          privateDnsZoneId: zone.id
        }
      }
    ]
  }
  dependsOn: [
    // Resolution through the zone only works once the VNet link exists.
    zoneLink
  ]
}

@description('Private endpoint resource id.')
output id string = endpoint.id
