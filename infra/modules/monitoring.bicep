// Log Analytics and workspace-based Application Insights. Local (key) authentication is off on both:
// telemetry is accepted only with an Entra ID token from an identity holding Monitoring Metrics Publisher.

@description('Required. Name of the Log Analytics workspace.')
@minLength(4)
@maxLength(63)
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Required. Azure region of both resources.')
param location string

@description('Required. Tags applied to both resources.')
param tags object

@description('Optional. Days Log Analytics keeps data; 30 is included in the price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Secondary region the workspace replicates to (workspace replication); empty keeps one region.')
param replicationLocation string = ''

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
    replication: empty(replicationLocation)
      ? null
      : {
          enabled: true
          location: replicationLocation
        }
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
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name
