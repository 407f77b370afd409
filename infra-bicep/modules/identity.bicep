metadata description = 'User-assigned managed identity: the one identity the function app uses for storage, Service Bus, Key Vault and App Insights.'

import { tagSet } from '../types.bicep'

@description('Identity name.')
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id (for the site identity, keyVaultReferenceIdentity and deployment storage auth).')
output id string = identity.id

@description('Identity name.')
output name string = identity.name

@description('Object (principal) id, the subject of role assignments.')
output principalId string = identity.properties.principalId

@description('Client id, for __clientId settings and AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId
