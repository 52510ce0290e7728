// The one storage account of the app: host state, article sources, rendered output, catalog tables,
// the deployment package and Event Grid dead letters. Keys are switched off: only Entra ID tokens work.

@description('Required. Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the account.')
param location string

@description('Required. Tags applied to the account.')
param tags object

@description('Optional. Replication: LRS is the cheapest; ZRS survives the loss of one zone.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. Blob containers to create.')
param containerNames string[]

@description('Required. Tables to create.')
param tableNames string[]

@description('Optional. Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

@description('Optional. When true the account denies all public network traffic but trusted Azure services; the app reaches it through private endpoints.')
param privateNetworkOnly bool = false

@description('Optional. Turn on Microsoft Defender for Storage (activity monitoring) for this account, overriding the subscription plan.')
param defenderEnabled bool = false

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Locked down with a Deny default rather than publicNetworkAccess 'Disabled': only the firewall
    // honours the trusted-services exception Event Grid needs to write dead letters.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworkOnly ? 'Deny' : 'Allow'
    }
  }
}

// Off by default: it is billed per account and per transaction, and a sandbox environment rarely needs it.
resource defender 'Microsoft.Security/defenderForStorageSettings@2025-01-01' = if (defenderEnabled) {
  name: 'current'
  scope: account
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: false
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

@description('Name of the storage account.')
output name string = account.name

@description('Resource id of the storage account.')
output resourceId string = account.id
