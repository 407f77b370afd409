metadata description = 'Key Vault (RBAC model) for the P21 passwords / consumer keys and webhook signing secrets.'

import { tagSet } from '../types.bicep'

@description('Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Enabled lets the deployer set secrets from their machine; Disabled leaves only private endpoints and trusted Azure services.')
param publicNetworkAccess ('Enabled' | 'Disabled') = 'Enabled'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Azure RBAC, not access policies: Key Vault Secrets User only works with this model.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted vault (and with it the P21 credentials) stays recoverable for the whole retention period.
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

@description('Vault resource id.')
output id string = vault.id

@description('Vault name.')
output name string = vault.name

@description('Vault URI, e.g. https://kv-xyz.vault.azure.net/.')
output uri string = vault.properties.vaultUri
