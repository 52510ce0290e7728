// Event Grid system topic for the storage account's blob events. The subscriptions to the blob-triggered
// functions are made after code deployment (infra/hooks/postdeploy.*): their webhook needs the
// blobs_extension system key, which exists only once the functions are indexed.

@description('Required. Name of the system topic.')
@minLength(3)
@maxLength(128)
param name string

@description('Required. Azure region; must be the storage account\'s region.')
param location string

@description('Required. Tags applied to the topic.')
param tags object

@description('Required. Name of the storage account whose events the topic publishes.')
param storageAccountName string

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  // Its own identity writes dead letters; it is granted nothing but the dead-letter container.
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Name of the system topic.')
output name string = systemTopic.name

@description('Resource id of the system topic.')
output resourceId string = systemTopic.id
