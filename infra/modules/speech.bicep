// Azure AI Speech for the narration of articles. Local (key) authentication is off: the app signs in with its
// managed identity, which Microsoft Entra tokens only work for through a custom subdomain endpoint, and holds
// Cognitive Services Speech User there (synthesis and recognition, no keys, no management).

@description('Required. Name of the Speech resource; also its custom subdomain (https://<name>.cognitiveservices.azure.com/).')
@minLength(2)
@maxLength(64)
param name string

@description('Required. Azure region of the Speech resource; it must offer neural text to speech voices.')
param location string

@description('Required. Tags of the resource.')
param tags object

@description('Required. Name of the function app\'s user-assigned identity, which narrates.')
param appIdentityName string

@description('Optional. Pricing tier: S0 (pay as you go) for production; F0 (free, 0.5 million characters a month) for a trial.')
@allowed([
  'S0'
  'F0'
])
param skuName string = 'S0'

// Built-in role definition id (the same in every tenant).
var cognitiveServicesSpeechUser = 'f2dc8367-1007-4938-bd23-fe263f013447'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource speech 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SpeechServices'
  sku: {
    name: skuName
  }
  identity: {
    type: 'None'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
    }
  }
}

resource appSpeechUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(speech.id, appIdentity.id, cognitiveServicesSpeechUser)
  scope: speech
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesSpeechUser)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The custom subdomain endpoint the app calls (Audio__SpeechEndpoint).')
output endpoint string = speech.properties.endpoint

@description('Resource id of the Speech resource.')
output resourceId string = speech.id
