metadata description = 'Log Analytics workspace and workspace-based Application Insights that accepts Entra ID-authenticated telemetry only.'

import { tagSet } from '../types.bicep'

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags tagSet = {}

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Ingestion only with an Entra ID token (Monitoring Metrics Publisher), never with the instrumentation key alone.
    DisableLocalAuth: true
  }
}

@description('Application Insights resource id.')
output applicationInsightsId string = applicationInsights.id

@description('Application Insights name (the function app reads its connection string itself, so no module output carries it).')
output applicationInsightsName string = applicationInsights.name

@description('Log Analytics workspace id.')
output logAnalyticsWorkspaceId string = workspace.id
